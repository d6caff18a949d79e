package studio.magi.project;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One second of video (24 frames) with its own prompt. An empty prompt carries the previous chunk's prompt on
 * (see {@link Shot#effectivePrompt(int)}). {@code chosenTake} is an index into {@code takes}, or -1 before any.
 */
public record Chunk(UUID id, String prompt, long seed, List<Take> takes, int chosenTake) {
    public static final int FRAMES = 24;
    public static final int FPS = 24;
    public static final int NO_TAKE = -1;

    public Chunk {
        Objects.requireNonNull(id, "a chunk needs an id");
        Objects.requireNonNull(prompt, "a chunk's prompt is missing (use \"\" for none)");
        if (seed < 0) {
            throw new IllegalArgumentException("a seed cannot be negative: " + seed);
        }
        takes = List.copyOf(Objects.requireNonNull(takes, "a chunk's takes are missing (use [] for none)"));
        if (chosenTake < NO_TAKE || chosenTake >= takes.size()) {
            throw new IllegalArgumentException("chosen take " + chosenTake + " does not exist (the chunk has "
                    + takes.size() + ")");
        }
    }

    /** A new chunk with no takes. */
    public static Chunk create(String prompt, long seed) {
        return new Chunk(UUID.randomUUID(), prompt, seed, List.of(), NO_TAKE);
    }

    /** A seed for a fresh chunk or a new take: non-negative and short enough to read aloud. */
    public static long randomSeed() {
        return ThreadLocalRandom.current().nextLong(1L << 31);
    }

    public Chunk withPrompt(String newPrompt) {
        return new Chunk(id, newPrompt, seed, takes, chosenTake);
    }

    public Chunk withSeed(long newSeed) {
        return new Chunk(id, prompt, newSeed, takes, chosenTake);
    }

    public Chunk withChosenTake(int take) {
        return new Chunk(id, prompt, seed, takes, take);
    }

    /** The same prompt and seed under another id, without takes: its history differs, so its renders would too. */
    public Chunk copyAs(UUID newId) {
        return new Chunk(newId, prompt, seed, List.of(), NO_TAKE);
    }

    /** The chunk with its prompt and takes cleared: the slot stays and continues the prompt before it. */
    public Chunk cleared() {
        return new Chunk(id, "", seed, List.of(), NO_TAKE);
    }

    public boolean hasOwnPrompt() {
        return !prompt.isBlank();
    }

    public Optional<Take> chosen() {
        return chosenTake == NO_TAKE ? Optional.empty() : Optional.of(takes.get(chosenTake));
    }
}
