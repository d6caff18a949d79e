package studio.magi.playground;

import java.util.List;

/** A clip read back chunk by chunk. */
public record ClipAnalysis(int width, int height, List<ChunkAnalysis> chunks) {
    public ClipAnalysis {
        chunks = List.copyOf(chunks);
    }
}
