package studio.magi.engine;

/** Hears a generation as it goes; called on the generating thread. */
public interface ChunkListener {
    /** A chunk is decoded; it arrives before any later chunk is finished. */
    void chunk(GeneratedChunk chunk);

    /** Chunk {@code index} of the request has done {@code done} of {@code steps} steps. */
    default void step(int index, int done, int steps) {
    }
}
