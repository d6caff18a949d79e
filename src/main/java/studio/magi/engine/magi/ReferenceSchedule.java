package studio.magi.engine.magi;

import java.util.List;

/**
 * The arithmetic of the reference's sampler (pipeline/video_generate.py, SampleTransport), in float32 as torch does
 * it: the time grid ({@code init_t}: the 12-step grid of the shortcut mode, squared, the SD3 shift of 3), the
 * step-size intervals ({@code init_intervel}), which chunks a pass holds at each forward step
 * ({@code generate_sequences}), each chunk's grid index, kv range and guidance scales.
 */
record ReferenceSchedule(int steps, int window, int chunks, int offset, float[] grid, int[] intervals) {
    private static final double SHIFT = 3.0;

    static ReferenceSchedule of(int steps, int window, int chunks, int offset, String shortcutMode) {
        if (steps % window != 0) {
            throw new IllegalArgumentException(steps + " steps do not split into a window of " + window);
        }
        return new ReferenceSchedule(steps, window, chunks, offset, grid(steps, shortcutMode), intervals(steps, shortcutMode));
    }

    /** init_t with the sd3 schedule: t^2, then shift_inv * t / (1 + (shift_inv - 1) * t). */
    static float[] grid(int steps, String shortcutMode) {
        float[] t;
        if (steps == 12) {
            float[] base = linspace(0f, 1f, 5);
            float[] accu = linspace(0f, 1f, 5);
            float[] b = "16,16,8".equals(shortcutMode) ? new float[] {base[0] / 4, base[1] / 4, base[2] / 4}
                    : new float[] {base[0] / 4, base[2] / 4, base[3] / 4};
            t = new float[13];
            for (int i = 0; i < t.length; i++) {
                t[i] = b[i % 3] + accu[i / 3];
            }
        } else {
            t = linspace(0f, 1f, steps + 1);
        }
        float inv = (float) (1.0 / SHIFT);
        float invMinus1 = (float) (1.0 / SHIFT - 1);
        for (int i = 0; i < t.length; i++) {
            float sq = t[i] * t[i];
            t[i] = inv * sq / (1f + invMinus1 * sq);
        }
        return t;
    }

    /** torch.linspace in float32 on the CPU: from the start up to half way, from the end after it. */
    static float[] linspace(float start, float end, int n) {
        float[] out = new float[n];
        float step = (end - start) / (n - 1);
        int half = n / 2;
        for (int i = 0; i < n; i++) {
            out[i] = i < half ? start + step * i : end - step * (n - i - 1);
        }
        return out;
    }

    /** init_intervel: 1 each, or [2, 1, 1] repeated ([1, 1, 2] for "16,16,8") when the steps are a multiple of 3. */
    static int[] intervals(int steps, String shortcutMode) {
        int[] out = new int[steps];
        for (int i = 0; i < steps; i++) {
            out[i] = steps % 3 != 0 ? 1 : "16,16,8".equals(shortcutMode) ? (i % 3 == 2 ? 2 : 1) : (i % 3 == 0 ? 2 : 1);
        }
        return out;
    }

    int perStage() {
        return steps / window;
    }

    /** Forward steps of the whole walk. */
    int forwardSteps() {
        return perStage() * (chunks + window - 1 - offset);
    }

    /** Chunks [start, end) of the pass at this forward step and their stages [tStart, tEnd). */
    record Stage(int chunkStart, int chunkEnd, int tStart, int tEnd, int index) {
    }

    Stage stage(int forwardStep) {
        int i = offset + forwardStep / perStage();
        int chunkStart = Math.max(offset, i - window + 1);
        int chunkEnd = Math.min(chunks, i + 1);
        int tStart = Math.max(0, i - chunks + 1);
        int tEnd = i - offset < window ? Math.min(window, i - offset + 1) : window;
        return new Stage(chunkStart, chunkEnd, tStart, tEnd, forwardStep % perStage());
    }

    /** get_timestep's grid indices of the pass's chunks, oldest first: stage s at step index + s * perStage. */
    int[] gridIndices(Stage s, int index) {
        int[] out = new int[s.tEnd() - s.tStart()];
        for (int k = 0; k < out.length; k++) {
            out[k] = (s.tEnd() - 1 - k) * perStage() + index;
        }
        return out;
    }

    /** generate_noise2clean_kvrange: a chunk at step {@code step} sees this many chunks, itself included. */
    static int kvRange(int step, int steps, List<Integer> noiseToClean, int cleanRange) {
        if (step == steps) {
            return cleanRange == -1 ? noiseToClean.get(noiseToClean.size() - 1) : cleanRange;
        }
        return noiseToClean.get(step / (steps / noiseToClean.size()));
    }

    /** get_cfg_scale: the bucket of t among cfg_t_range (less 1e-7, in float32), as searchsorted(...) - 1. */
    static int cfgBucket(float t, List<Double> tRange) {
        int below = 0;
        for (double edge : tRange) {
            below += (float) edge - 1e-7f < t ? 1 : 0;
        }
        if (below < 1 || below > tRange.size()) {
            throw new IllegalStateException("t " + t + " lies outside cfg_t_range " + tRange);
        }
        return below - 1;
    }
}
