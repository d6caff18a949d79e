package studio.magi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/** A model that counts its passes, the cached chunks it hands out and how many of those are alive at once. */
class CountingModel implements VideoModel {
    private final VideoModel model;
    int passes;
    int cached;
    int alive;
    int mostAlive;

    CountingModel(VideoModel model) {
        this.model = model;
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
    public Prompt prompt(String text, int remaining) {
        return model.prompt(text, remaining);
    }

    @Override
    public Prompt nullPrompt() {
        return model.nullPrompt();
    }

    @Override
    public NDArray velocity(Pass pass) {
        passes++;
        return model.velocity(pass);
    }

    @Override
    public CachedChunk cache(NDArray latent, int chunkNumber, int steps) {
        CachedChunk inner = model.cache(latent, chunkNumber, steps);
        cached++;
        alive++;
        mostAlive = Math.max(mostAlive, alive);
        return new Counted(inner);
    }

    private final class Counted implements CachedChunk {
        final CachedChunk inner;

        Counted(CachedChunk inner) {
            this.inner = inner;
        }

        @Override
        public int chunkNumber() {
            return inner.chunkNumber();
        }

        @Override
        public void close() {
            alive--;
            inner.close();
        }
    }

    @Override
    public History history(List<CachedChunk> chunks) {
        return model.history(chunks.stream().map(c -> ((Counted) c).inner).toList());
    }

    @Override
    public Frames decode(NDArray latent) {
        return model.decode(latent);
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
