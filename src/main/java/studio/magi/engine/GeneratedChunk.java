package studio.magi.engine;

/**
 * A finished chunk: {@code index} counts the chunks of the request from 0, {@code chunkNumber} is its place in the
 * video (after a prefix or history); the frames as decoded, and the clean latent that later renders can start from.
 */
public record GeneratedChunk(int index, int chunkNumber, Frames frames, Latent latent) {
}
