package studio.magi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;

/**
 * What the chunk pipeline needs of a chunk-wise autoregressive video model (a velocity model on latents, in the
 * MAGI-1 design). Latents of one chunk are [C, F, h, w] arrays on the model's device; several chunks of one pass lie
 * side by side in time. A model is used by one render at a time.
 */
public interface VideoModel extends AutoCloseable {
    ChunkShape chunkShape();

    /** The sampling settings the checkpoint was made for. */
    SamplerSettings defaults();

    /** The step counts this model samples with. */
    default List<Integer> stepCounts() {
        return SamplerSettings.STEP_COUNTS;
    }

    /** Refuses, in one line, a step count this model does not sample with. */
    default void checkSteps(int steps) {
        if (!stepCounts().contains(steps)) {
            throw new IllegalArgumentException("this model samples with " + stepCounts() + " steps, not " + steps
                    + (steps == SamplerSettings.SHORTCUT_STEPS ? " (the MAGI-1 distilled checkpoints' shortcut)" : ""));
        }
    }

    /** Where a render keeps its arrays: the model's device. */
    NDManager manager();

    /** The words of a prompt the model does not know (they are read as "unknown"). */
    List<String> unknownWords(String prompt);

    /**
     * How many chunks-remaining counts the prompt's duration token tells apart; with more chunks left than this, the
     * prompt reads the same.
     */
    default int durationTokens() {
        return Integer.MAX_VALUE;
    }

    /** What the model's load-time check of its own arithmetic on this machine found. */
    default SelfCheck selfCheck() {
        return SelfCheck.skipped(CpuInfo.describe(), Map.of(), "this model has no self-check");
    }

    /** A chunk's text, encoded once; {@code remaining} counts the chunks left in the video, this one included. */
    Prompt prompt(String text, int remaining);

    /** The learned "no caption" condition. */
    Prompt nullPrompt();

    /** The velocity of every chunk of the pass: [B, C, F*K, h, w] like {@code pass.x()}. */
    NDArray velocity(Pass pass);

    /** Runs a finished chunk once more, clean and without caption, to keep its keys and values for later chunks. */
    CachedChunk cache(NDArray latent, int chunkNumber, int steps);

    /** The cached chunks that later passes attend to, in chunk order, prepared once for many passes. */
    History history(List<CachedChunk> chunks);

    /** A latent [C, F, h, w] to pictures (F times the temporal factor of them). */
    Frames decode(NDArray latent);

    /** Pictures of the chunk's size (a multiple of the temporal factor of them) to a latent [C, F, h, w]. */
    NDArray encode(Frames frames);

    @Override
    void close();

    /** An encoded prompt. */
    interface Prompt extends AutoCloseable {
        @Override
        void close();
    }

    /** The keys and values of one finished chunk. */
    interface CachedChunk extends AutoCloseable {
        int chunkNumber();

        @Override
        void close();
    }

    /** Cached chunks joined for attention. */
    interface History extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * One evaluation of the model. x is [B, C, F*K, h, w]: B rows of K chunks each. Row b's chunk k is at time
     * {@code t[b][k]} (0 noise, 1 clean) with prompt {@code prompts[b][k]}; the chunks have the numbers
     * {@code chunkNumbers} (their place in the video) and attend to {@code kvRanges[k]} chunks counting themselves,
     * earlier ones from {@code history} (null for none; with a history B is 1).
     */
    record Pass(NDArray x, float[][] t, Prompt[][] prompts, int steps, int[] chunkNumbers, int[] kvRanges, History history) {
    }
}
