package studio.magi.render;

import java.util.UUID;
import studio.magi.engine.Frames;
import studio.magi.engine.Latent;

/**
 * A finished chunk as the render cache keeps it: its content key, which chunk of which shot it was rendered for,
 * with which prompt and seed, its frames, and its clean latent (the history later chunks continue from).
 */
public record StoredChunk(String key, UUID chunk, UUID shot, int index, String prompt, long seed, Frames frames,
                          Latent latent) {
}
