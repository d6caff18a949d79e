package studio.magi.render;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.Frames;
import studio.magi.engine.SamplerSettings;
import studio.magi.engine.VideoModel;

/**
 * The built-in model behind a gate the test works: while the gate is held, a finished chunk is decoded (and so lands)
 * only when the test lets one through, so a test can cancel or quit while a chunk is surely still rendering, however
 * fast the machine. Open, it is the model itself.
 */
final class GatedModel implements VideoModel {
    private final VideoModel model;
    private boolean open = true;
    private int passes;

    GatedModel(VideoModel model) {
        this.model = model;
    }

    /** From now on a chunk waits at the gate until let through. */
    synchronized void hold() {
        open = false;
        passes = 0;
    }

    /** Lets {@code chunks} more chunks through. */
    synchronized void let(int chunks) {
        passes += chunks;
        notifyAll();
    }

    /** Lets every chunk through, those waiting included. */
    synchronized void open() {
        open = true;
        notifyAll();
    }

    @Override
    public Frames decode(NDArray latent) {
        pass();
        return model.decode(latent);
    }

    private synchronized void pass() {
        while (!open && passes == 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!open) {
            passes--;
        }
    }

    @Override
    public ChunkShape chunkShape() {
        return model.chunkShape();
    }

    @Override
    public SamplerSettings defaults() {
        return model.defaults();
    }

    @Override
    public NDManager manager() {
        return model.manager();
    }

    @Override
    public List<String> unknownWords(String prompt) {
        return model.unknownWords(prompt);
    }

    @Override
    public int durationTokens() {
        return model.durationTokens();
    }

    @Override
    public Prompt prompt(String text, int remaining) {
        return model.prompt(text, remaining);
    }

    @Override
    public Prompt nullPrompt() {
        return model.nullPrompt();
    }

    @Override
    public NDArray velocity(Pass pass) {
        return model.velocity(pass);
    }

    @Override
    public CachedChunk cache(NDArray latent, int chunkNumber, int steps) {
        return model.cache(latent, chunkNumber, steps);
    }

    @Override
    public History history(List<CachedChunk> chunks) {
        return model.history(chunks);
    }

    @Override
    public NDArray encode(Frames frames) {
        return model.encode(frames);
    }

    @Override
    public void close() {
        model.close();
    }
}
