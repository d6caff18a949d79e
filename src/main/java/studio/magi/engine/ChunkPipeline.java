package studio.magi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The chunk pipeline of the MAGI sampler. Chunks are denoised in a sliding window: a chunk enters when the one before
 * it has done steps / window steps; each pass carries the chunks of the window, each at its own point of the time
 * grid, attending to the cached keys and values of finished chunks. A finished chunk is decoded and handed to the
 * listener at once, then run once more, clean, to write its keys and values into the cache, which keeps only the
 * chunks a later chunk can still see: memory stays flat however long the video.
 */
public final class ChunkPipeline {
    /** Draws a chunk's starting noise; the default draws it from the chunk's seed. */
    interface NoiseSource {
        NDArray draw(NDManager manager, int index, long seed, long[] shape);
    }

    private final VideoModel model;
    private final boolean kvCache;
    private final NoiseSource noise;

    ChunkPipeline(VideoModel model, boolean kvCache, NoiseSource noise) {
        this.model = model;
        this.kvCache = kvCache;
        this.noise = noise;
    }

    public ChunkPipeline(VideoModel model) {
        this(model, true, (m, index, seed, shape) -> Noise.draw(m, seed, shape));
    }

    /**
     * A pipeline without the KV cache: every pass recomputes the history's keys and values from its clean latents.
     * The frames are the same; it exists to measure what the cache saves.
     */
    public static ChunkPipeline recomputingHistory(VideoModel model) {
        return new ChunkPipeline(model, false, (m, index, seed, shape) -> Noise.draw(m, seed, shape));
    }

    /**
     * Renders the request's chunks in order, handing each to the listener as soon as it is decoded. Between steps it
     * asks {@code cancelled} and stops with a {@link CancellationException} when it says so.
     */
    public void generate(GenerationRequest request, ChunkListener listener, BooleanSupplier cancelled) {
        model.checkSteps(request.settings().steps());
        if (model instanceof ChunkSampler own) {
            own.generate(request, listener, cancelled);
            return;
        }
        try (NDManager manager = model.manager().newSubManager(); Render render = new Render(request, manager)) {
            render.run(listener, cancelled);
        }
    }

    /** One chunk in the window. */
    private static final class Active {
        final int index;
        final int number;
        final VideoModel.Prompt prompt;
        NDArray x;
        NDArray locked;
        int done;

        Active(int index, int number, VideoModel.Prompt prompt, NDArray x) {
            this.index = index;
            this.number = number;
            this.prompt = prompt;
            this.x = x;
        }
    }

    /** The state of one generation. */
    private final class Render implements AutoCloseable {
        final GenerationRequest request;
        final NDManager manager;
        final SamplerSettings s;
        final float[] grid;
        final int stage;
        final ChunkShape shape;
        /** The cached chunks (with the cache) or their clean latents and numbers (without). */
        final Deque<VideoModel.CachedChunk> cache = new ArrayDeque<>();
        final Deque<NDArray> cleanLatents = new ArrayDeque<>();
        final Deque<Integer> cleanNumbers = new ArrayDeque<>();
        VideoModel.History history;
        VideoModel.Prompt nullPrompt;
        int first;
        NDArray locked;
        boolean trimLocked;

        Render(GenerationRequest request, NDManager manager) {
            this.request = request;
            this.manager = manager;
            s = request.settings();
            grid = TimeGrid.of(s.steps(), s.shift());
            stage = TimeGrid.stageLength(s.steps(), s.window());
            shape = model.chunkShape();
        }

        void run(ChunkListener listener, BooleanSupplier cancelled) {
            nullPrompt = model.nullPrompt();
            begin();
            int n = request.chunks();
            int next = 0;
            List<Active> active = new ArrayList<>();
            try {
                while (next < n || !active.isEmpty()) {
                    if (cancelled.getAsBoolean()) {
                        throw new CancellationException("generation cancelled");
                    }
                    if (next < n && (active.isEmpty() || active.get(active.size() - 1).done >= stage)
                            && active.size() < s.window()) {
                        active.add(enter(next++));
                    }
                    step(active);
                    for (Active a : active) {
                        listener.step(a.index, a.done, s.steps());
                    }
                    while (!active.isEmpty() && active.get(0).done == s.steps()) {
                        finish(active.remove(0), listener);
                    }
                }
            } finally {
                for (Active a : active) {
                    a.prompt.close();
                }
            }
        }

        /** What the request starts from: cached chunks of a prefix or history, a latent held clean. */
        private void begin() {
            int perChunk = shape.frames();
            int fpl = shape.framesPerLatent();
            int context = s.maxKvRange() - 1;
            Start start = request.start();
            if (start instanceof Start.Image image) {
                Frames picture = PictureFit.to(image.picture(), shape.width(), shape.height());
                List<byte[]> copies = new ArrayList<>();
                for (int i = 0; i < fpl; i++) {
                    copies.add(picture.frame(0));
                }
                locked = keep(model.encode(Frames.of(shape.width(), shape.height(), copies)));
            } else if (start instanceof Start.Video video) {
                Frames prefix = PictureFit.to(video.prefix(), shape.width(), shape.height());
                int full = prefix.count() / perChunk;
                for (int j = Math.max(0, full - context); j < full; j++) {
                    try (NDArray z = model.encode(prefix.range(j * perChunk, (j + 1) * perChunk))) {
                        remember(z, j);
                    }
                }
                first = full;
                int rest = (prefix.count() - full * perChunk) / fpl;
                if (rest > 0) {
                    locked = keep(model.encode(prefix.range(full * perChunk, full * perChunk + rest * fpl)));
                    trimLocked = true;
                }
            } else if (start instanceof Start.History past) {
                List<Latent> chunks = past.chunks();
                for (int j = Math.max(0, chunks.size() - context); j < chunks.size(); j++) {
                    Latent l = chunks.get(j);
                    try (NDArray z = manager.create(l.values(), new Shape(l.shape()))) {
                        remember(z, j);
                    }
                }
                first = chunks.size();
            }
            refreshHistory();
        }

        private NDArray keep(NDArray array) {
            array.attach(manager);
            return array;
        }

        private Active enter(int j) {
            NDArray x = noise.draw(manager, j, request.seeds().get(j), shape.latentShape());
            Active a = new Active(j, first + j, model.prompt(request.prompts().get(j), request.totalChunks() - j), x);
            if (j == 0) {
                a.locked = locked;
            }
            return a;
        }

        private void step(List<Active> active) {
            for (Active a : active) {
                hold(a);
            }
            try (NDScope scope = new NDScope()) {
                VideoModel.History h = kvCache ? history : recomputedHistory();
                try {
                    List<NDArray> v = velocity(active, h);
                    for (int i = 0; i < active.size(); i++) {
                        Active a = active.get(i);
                        float dt = grid[a.done + 1] - grid[a.done];
                        NDArray next = a.x.add(v.get(i).mul(dt));
                        NDScope.unregister(next);
                        a.x.close();
                        a.x = next;
                        a.done++;
                    }
                } finally {
                    if (!kvCache && h != null) {
                        h.close();
                    }
                }
            }
        }

        /** Keeps the latent frames that are given (an image, the end of a prefix) clean. */
        private void hold(Active a) {
            if (a.locked != null) {
                a.x.set(new NDIndex(":, 0:" + a.locked.getShape().get(1)), a.locked);
            }
        }

        private List<NDArray> velocity(List<Active> active, VideoModel.History h) {
            int k = active.size();
            float[][] t = new float[1][k];
            VideoModel.Prompt[][] text = new VideoModel.Prompt[1][k];
            VideoModel.Prompt[] none = new VideoModel.Prompt[k];
            int[] numbers = new int[k];
            int[] ranges = new int[k];
            NDArray[] xs = new NDArray[k];
            for (int i = 0; i < k; i++) {
                Active a = active.get(i);
                t[0][i] = grid[a.done];
                text[0][i] = a.prompt;
                none[i] = nullPrompt;
                numbers[i] = a.number;
                ranges[i] = TimeGrid.kvRange(a.done, s.steps(), s.kvRanges());
                xs[i] = a.x;
            }
            NDArray x = (k == 1 ? xs[0] : NDArrays.concat(new NDList(xs), 1)).expandDims(0);
            if (s.cfgNumber() == 1) {
                return perChunk(evaluate(new VideoModel.Pass(x, t, text, s.steps(), numbers, ranges, h)).get(0), k);
            }
            // With and without the caption in one pass of two rows: the same latents and history, half the passes.
            NDArray both = evaluate(new VideoModel.Pass(NDArrays.concat(new NDList(x, x), 0), new float[][] {t[0], t[0]},
                    new VideoModel.Prompt[][] {text[0], none}, s.steps(), numbers, ranges, h));
            List<NDArray> withText = perChunk(both.get(0), k);
            List<NDArray> withoutText = perChunk(both.get(1), k);
            List<NDArray> alone = s.cfgNumber() == 3 ? alone(active, xs) : null;
            List<NDArray> out = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                float ti = t[0][i];
                float text1 = s.guidance().textScale(ti);
                NDArray a = withText.get(i);
                NDArray b = withoutText.get(i);
                if (alone == null) {
                    out.add(b.mul(1f - text1).add(a.mul(text1)));
                } else {
                    float hist = s.guidance().historyScale(ti);
                    out.add(alone.get(i).mul(1f - hist).add(b.mul(hist - text1)).add(a.mul(text1)));
                }
            }
            return out;
        }

        /** Each chunk on its own: no caption, no history, at the start of a video. */
        private List<NDArray> alone(List<Active> active, NDArray[] xs) {
            int k = active.size();
            float[][] t = new float[k][1];
            VideoModel.Prompt[][] none = new VideoModel.Prompt[k][1];
            for (int i = 0; i < k; i++) {
                t[i][0] = grid[active.get(i).done];
                none[i][0] = nullPrompt;
            }
            NDArray x = NDArrays.stack(new NDList(xs), 0);
            NDArray v = evaluate(new VideoModel.Pass(x, t, none, s.steps(), new int[] {0}, new int[] {1}, null));
            List<NDArray> out = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                out.add(v.get(i));
            }
            return out;
        }

        /** The model's velocity, closed with the step's other arrays. */
        private NDArray evaluate(VideoModel.Pass pass) {
            NDArray v = model.velocity(pass);
            NDScope.register(v);
            return v;
        }

        private List<NDArray> perChunk(NDArray row, int k) {
            List<NDArray> out = new ArrayList<>();
            if (k == 1) {
                out.add(row);
            } else {
                row.split(k, 1).forEach(out::add);
            }
            return out;
        }

        private void finish(Active a, ChunkListener listener) {
            try {
                hold(a);
                Frames frames = model.decode(a.x);
                if (trimLocked && a.locked != null) {
                    frames = frames.range((int) a.locked.getShape().get(1) * shape.framesPerLatent(), frames.count());
                }
                Latent latent = new Latent(a.x.getShape().getShape(), a.x.toFloatArray());
                listener.chunk(new GeneratedChunk(a.index, a.number, frames, latent));
                remember(a.x, a.number);
                refreshHistory();
            } finally {
                a.prompt.close();
                a.x.close();
            }
        }

        /** Puts a clean chunk into the cache and drops the chunks no later chunk can see. */
        private void remember(NDArray clean, int number) {
            int context = s.maxKvRange() - 1;
            if (kvCache) {
                while (cache.size() >= context) {
                    cache.removeFirst().close();
                }
                cache.addLast(model.cache(clean, number, s.steps()));
            } else {
                while (cleanLatents.size() >= context) {
                    cleanLatents.removeFirst().close();
                    cleanNumbers.removeFirst();
                }
                cleanLatents.addLast(keep(clean.duplicate()));
                cleanNumbers.addLast(number);
            }
        }

        private void refreshHistory() {
            if (!kvCache) {
                return;
            }
            if (history != null) {
                history.close();
            }
            history = cache.isEmpty() ? null : model.history(new ArrayList<>(cache));
        }

        private VideoModel.History recomputedHistory() {
            if (cleanLatents.isEmpty()) {
                return null;
            }
            List<VideoModel.CachedChunk> chunks = new ArrayList<>();
            var numbers = cleanNumbers.iterator();
            for (NDArray z : cleanLatents) {
                chunks.add(model.cache(z, numbers.next(), s.steps()));
            }
            try {
                return model.history(chunks);
            } finally {
                chunks.forEach(VideoModel.CachedChunk::close);
            }
        }

        @Override
        public void close() {
            if (history != null) {
                history.close();
            }
            cache.forEach(VideoModel.CachedChunk::close);
            if (nullPrompt != null) {
                nullPrompt.close();
            }
        }
    }
}
