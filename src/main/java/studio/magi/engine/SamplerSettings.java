package studio.magi.engine;

import java.util.List;

/**
 * How a model is sampled: Euler steps over a shifted time grid, {@code window} chunks denoised side by side, guidance
 * passes ({@code cfgNumber} 1, 2 or 3), and how far back a chunk attends at each stage ({@code kvRanges}, counting
 * itself; the largest is also how many chunks the cache keeps).
 */
public record SamplerSettings(int steps, int window, int cfgNumber, long seed, double shift, List<Integer> kvRanges,
        Guidance guidance) {

    /** The step counts the distilled models serve (the step-size embedding knows these). */
    public static final List<Integer> STEP_COUNTS = List.of(4, 8, 16, 32, 64);
    /**
     * The MAGI-1 reference's special case for its distilled models (video_generate.py's init_t and init_intervel: a
     * grid of its own, steps of two sizes); only a model whose {@link VideoModel#stepCounts} has it samples with it.
     */
    public static final int SHORTCUT_STEPS = 12;
    public static final int MAX_WINDOW = 4;

    public SamplerSettings {
        kvRanges = List.copyOf(kvRanges);
        if (!STEP_COUNTS.contains(steps) && steps != SHORTCUT_STEPS) {
            throw new IllegalArgumentException("steps must be one of " + STEP_COUNTS + " (or " + SHORTCUT_STEPS
                    + " with a MAGI-1 distilled checkpoint), got " + steps);
        }
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("the window must be 1 to " + MAX_WINDOW + " chunks, got " + window);
        }
        if (cfgNumber < 1 || cfgNumber > 3) {
            throw new IllegalArgumentException("cfg_number must be 1, 2 or 3, got " + cfgNumber);
        }
        if (kvRanges.isEmpty() || kvRanges.stream().anyMatch(r -> r < 1)) {
            throw new IllegalArgumentException("kv ranges must be positive, got " + kvRanges);
        }
    }

    public SamplerSettings withSteps(int s) {
        return new SamplerSettings(s, window, cfgNumber, seed, shift, kvRanges, guidance);
    }

    public SamplerSettings withWindow(int w) {
        return new SamplerSettings(steps, w, cfgNumber, seed, shift, kvRanges, guidance);
    }

    public SamplerSettings withCfgNumber(int c) {
        return new SamplerSettings(steps, window, c, seed, shift, kvRanges, guidance);
    }

    public SamplerSettings withSeed(long s) {
        return new SamplerSettings(steps, window, cfgNumber, s, shift, kvRanges, guidance);
    }

    /** The most chunks one chunk attends to, itself included. */
    public int maxKvRange() {
        return kvRanges.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
}
