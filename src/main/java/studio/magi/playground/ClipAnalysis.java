package studio.magi.playground;

import java.util.List;

/** A clip read back chunk by chunk, from {@code firstChunk} on (earlier chunks were not asked for). */
public record ClipAnalysis(int width, int height, int firstChunk, List<ChunkAnalysis> chunks) {
    public ClipAnalysis {
        chunks = List.copyOf(chunks);
    }

    /** Chunk k of the clip (k counts from the clip's start). */
    public ChunkAnalysis chunk(int k) {
        if (k < firstChunk) {
            throw new IllegalArgumentException("chunk " + k + " was not read; reading started at chunk " + firstChunk);
        }
        return chunks.get(k - firstChunk);
    }
}
