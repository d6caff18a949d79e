package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The reference's sampler (video_generate.py's SampleTransport.walk with dit_model.py's forward_dispatcher) on this
 * engine's {@link VideoDit}, text to video: each forward step one pass over the window's chunks; the finished chunk
 * before them joins the pass's first step of a stage, clean (t = clean_t, the null caption under the pass's adaLN
 * row), and its keys and values go to the cache from that pass; cfg 1 adds, while the first noisy chunk is past the
 * nearly-clean threshold, a copy of it that sees only itself and mixes 0.7 of the velocity with history and 0.3
 * alone; cfg 3 runs the caption, the null caption (the forward that writes the cache) and each chunk alone, combined
 * with the scales of the chunk's t bucket. Euler steps on the time grid of {@link ReferenceSchedule}.
 */
final class ReferenceSampler {
    /** dit_model.py's prev_chunks_scale (its environment variable's default). */
    private static final double NEARLY_CLEAN_SCALE = 0.7;

    private final VideoDit dit;
    private final ReferenceConfig config;

    ReferenceSampler(VideoDit dit, ReferenceConfig config) {
        this.dit = dit;
        this.config = config;
    }

    /** Hears the walk: each clean chunk (its latent [C, F, h, w], scaled) and each forward step. */
    interface Sink {
        void chunk(int index, NDArray latent);

        /** The oldest chunk of the pass has done {@code done} of its steps. */
        default void step(int chunk, int done) {
        }
    }

    /** A chunk's caption as the DiT reads it: [L, Cc] (special tokens already in front) and its mask. */
    record Caption(NDArray embedding, float[] mask) {
    }

    /**
     * Walks noise [C, chunks * F, h, w] to clean chunks with one caption per chunk; {@code cancelled} is asked between
     * forward steps.
     */
    void walk(NDArray noise, List<Caption> captions, int steps, int window, Sink sink, BooleanSupplier cancelled) {
        ReferenceConfig.Runtime r = config.runtime();
        int f = r.chunkWidth();
        int chunks = (int) (noise.getShape().get(1) / f);
        ReferenceSchedule schedule = ReferenceSchedule.of(steps, window, chunks, 0, config.engine().shortcutMode());
        NDManager m = noise.getManager();
        DitConfig c = dit.config();
        NDArray nullCaption = m.create(dit.nullCaption(), new ai.djl.ndarray.types.Shape(c.captionLength(), c.captionChannels()));
        List<DitPrompt> owned = new ArrayList<>();
        Map<Integer, NDArray[][]> cache = new TreeMap<>();
        NDArray[] x = new NDArray[chunks];
        try {
            DitPrompt[] text = new DitPrompt[chunks];
            for (int k = 0; k < chunks; k++) {
                text[k] = own(owned, dit.prompt(captions.get(k).embedding(), captions.get(k).mask(), false, false));
                x[k] = noise.get(new NDIndex().addAllDim().addSliceDim((long) k * f, (long) (k + 1) * f)).duplicate();
            }
            Prompts p = new Prompts(text, own(owned, dit.prompt(nullCaption, c.nullCaptionMask(), false, false)),
                    own(owned, dit.prompt(nullCaption, c.nullCaptionMask(), true, false)));
            int[] done = new int[chunks];
            int total = schedule.forwardSteps();
            for (int s = 0; s < total; s++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("stopped at forward step " + s + " of " + total);
                }
                ReferenceSchedule.Stage st = schedule.stage(s);
                step(schedule, st, x, p, cache);
                for (int k = st.chunkStart(); k < st.chunkEnd(); k++) {
                    done[k]++;
                }
                sink.step(st.chunkStart(), done[st.chunkStart()]);
                if (done[st.chunkStart()] == steps) {
                    sink.chunk(st.chunkStart(), x[st.chunkStart()]);
                }
            }
        } finally {
            owned.forEach(DitPrompt::close);
            nullCaption.close();
            cache.values().forEach(kv -> {
                for (NDArray[] layer : kv) {
                    for (NDArray a : layer) {
                        a.close();
                    }
                }
            });
        }
    }

    private static DitPrompt own(List<DitPrompt> owned, DitPrompt p) {
        owned.add(p);
        return p;
    }

    /** Each chunk's caption (the "has caption" adaLN row), and the null caption under either row. */
    private record Prompts(DitPrompt[] text, DitPrompt nullHasCaption, DitPrompt nullNull) {
    }

    /** One forward step: the pass's velocity, then the Euler step of each noisy chunk. */
    private void step(ReferenceSchedule schedule, ReferenceSchedule.Stage st, NDArray[] x, Prompts p,
            Map<Integer, NDArray[][]> cache) {
        ReferenceConfig.Runtime r = config.runtime();
        int steps = schedule.steps();
        boolean clean = st.chunkStart() > schedule.offset() && st.index() == 0;
        int slice = clean ? st.chunkStart() - 1 : st.chunkStart();
        int[] grid = schedule.gridIndices(st, st.index());
        int noisy = grid.length;
        int members = noisy + (clean ? 1 : 0);
        float[] t = new float[members];
        int[] numbers = new int[members];
        int[] ranges = new int[members];
        for (int j = 0; j < members; j++) {
            boolean isClean = clean && j == 0;
            int chunkStep = isClean ? steps : grid[j - (clean ? 1 : 0)];
            t[j] = isClean ? (float) r.cleanT() : schedule.grid()[chunkStep];
            numbers[j] = slice + j;
            ranges[j] = Math.min(numbers[j] + 1,
                    ReferenceSchedule.kvRange(chunkStep, steps, r.noiseToCleanKvRange(), r.cleanChunkKvRange()));
        }
        int stepCount = DitConfig.referenceStepCount(steps, schedule.intervals()[st.index()]);
        try (NDScope scope = new NDScope()) {
            NDArray[] parts = new NDArray[members];
            for (int j = 0; j < members; j++) {
                parts[j] = x[slice + j];
            }
            NDArray pass = Ops.concat(1, parts).expandDims(0);
            KvHistory past = history(cache, slice);
            NDArray[] velocity = r.cfgNumber() == 3
                    ? threeForwards(pass, t, numbers, ranges, clean, stepCount, p, past, cache)
                    : oneForward(pass, t, numbers, ranges, clean, stepCount, p, past, cache);
            for (int k = 0; k < noisy; k++) {
                int chunk = st.chunkStart() + k;
                float dt = schedule.grid()[grid[k] + 1] - schedule.grid()[grid[k]];
                NDArray next = x[chunk].add(velocity[k].mul(dt));
                NDScope.unregister(next);
                x[chunk].close();
                x[chunk] = next;
            }
        }
    }

    /** cfg 1 (distilled): one forward, with the nearly-clean copy of the first noisy chunk while it is past 0.3. */
    private NDArray[] oneForward(NDArray pass, float[] t, int[] numbers, int[] ranges, boolean clean, int stepCount,
            Prompts p, KvHistory past, Map<Integer, NDArray[][]> cache) {
        int members = t.length;
        int first = clean ? 1 : 0;
        boolean copy = t[first] > config.engine().nearlyCleanThreshold();
        int size = members + (copy ? 1 : 0);
        float[] tt = java.util.Arrays.copyOf(t, size);
        int[] nn = java.util.Arrays.copyOf(numbers, size);
        int[] rr = java.util.Arrays.copyOf(ranges, size);
        DitPrompt[] prompts = new DitPrompt[size];
        for (int j = 0; j < members; j++) {
            prompts[j] = clean && j == 0 ? p.nullHasCaption() : p.text()[numbers[j]];
        }
        NDArray x = pass;
        if (copy) { // after the last chunk, seeing only itself
            tt[members] = t[first];
            nn[members] = numbers[members - 1] + 1;
            rr[members] = 1;
            prompts[members] = prompts[first];
            x = Ops.concat(2, pass, chunk(pass, first, members));
        }
        VideoDit.Output out = dit.forward(x, new float[][] {tt}, new DitPrompt[][] {prompts}, stepCount, nn, rr, past,
                clean ? VideoDit.Want.BOTH : VideoDit.Want.VELOCITY);
        if (clean) {
            keep(cache, numbers[0], out, tokens(pass, members));
        }
        NDArray v = out.velocity();
        NDArray[] velocity = new NDArray[members - first];
        for (int k = 0; k < velocity.length; k++) {
            velocity[k] = chunk(v, first + k, size).get(0);
        }
        if (copy) {
            velocity[0] = velocity[0].mul((float) NEARLY_CLEAN_SCALE)
                    .add(chunk(v, members, size).get(0).mul((float) (1 - NEARLY_CLEAN_SCALE)));
        }
        return velocity;
    }

    /** cfg 3 (base): caption, null caption (writes the cache), each noisy chunk alone; combined per chunk's t bucket. */
    private NDArray[] threeForwards(NDArray pass, float[] t, int[] numbers, int[] ranges, boolean clean, int stepCount,
            Prompts p, KvHistory past, Map<Integer, NDArray[][]> cache) {
        int members = t.length;
        int first = clean ? 1 : 0;
        DitPrompt[] text = new DitPrompt[members];
        DitPrompt[] none = new DitPrompt[members];
        for (int j = 0; j < members; j++) {
            text[j] = clean && j == 0 ? p.nullHasCaption() : p.text()[numbers[j]];
            none[j] = p.nullNull();
        }
        NDArray a = dit.forward(pass, new float[][] {t}, new DitPrompt[][] {text}, stepCount, numbers, ranges, past,
                VideoDit.Want.VELOCITY).velocity();
        VideoDit.Output withNull = dit.forward(pass, new float[][] {t}, new DitPrompt[][] {none}, stepCount, numbers,
                ranges, past, clean ? VideoDit.Want.BOTH : VideoDit.Want.VELOCITY);
        if (clean) {
            keep(cache, numbers[0], withNull, tokens(pass, members));
        }
        int noisy = members - first;
        NDArray[] alone = new NDArray[noisy];
        float[][] ta = new float[noisy][1];
        DitPrompt[][] pa = new DitPrompt[noisy][1];
        for (int k = 0; k < noisy; k++) {
            alone[k] = chunk(pass, first + k, members);
            ta[k][0] = t[first + k];
            pa[k][0] = p.nullNull();
        }
        NDArray cOut = dit.forward(Ops.concat(0, alone), ta, pa, stepCount, new int[] {0}, new int[] {1}, null,
                VideoDit.Want.VELOCITY).velocity();
        ReferenceConfig.Runtime r = config.runtime();
        NDArray[] velocity = new NDArray[noisy];
        for (int k = 0; k < noisy; k++) {
            int bucket = ReferenceSchedule.cfgBucket(t[first + k], r.cfgTRange());
            float history = r.prevChunkScales().get(bucket).floatValue();
            float textScale = r.textScales().get(bucket).floatValue();
            velocity[k] = cOut.get(k).mul(1f - history)
                    .add(chunk(withNull.velocity(), first + k, members).get(0).mul(history - textScale))
                    .add(chunk(a, first + k, members).get(0).mul(textScale));
        }
        return velocity;
    }

    /** Tokens of one of the K chunks of the pass [1, C, K * F, H, W]. */
    private long tokens(NDArray pass, int chunks) {
        int p = dit.config().patch();
        return pass.getShape().get(2) / chunks * (pass.getShape().get(3) / p) * (pass.getShape().get(4) / p);
    }

    /** Chunk j of K lying side by side in time in [B, C, K * F, h, w]. */
    private static NDArray chunk(NDArray x, int j, int of) {
        long f = x.getShape().get(2) / of;
        return x.get(new NDIndex().addAllDim(2).addSliceDim(j * f, (j + 1) * f));
    }

    /** The clean chunk's keys and values (the pass's first {@code tokens}), as the reference's cache keeps them. */
    private void keep(Map<Integer, NDArray[][]> cache, int number, VideoDit.Output out, long tokens) {
        int layers = out.keys().length;
        NDArray[][] kv = new NDArray[2][layers];
        NDIndex firstChunk = new NDIndex().addAllDim(2).addSliceDim(0, tokens);
        for (int l = 0; l < layers; l++) {
            kv[0][l] = out.keys()[l].get(firstChunk).duplicate();
            kv[1][l] = out.values()[l].get(firstChunk).duplicate();
            NDScope.unregister(kv[0][l], kv[1][l]);
        }
        cache.put(number, kv);
        int keepFrom = number + 1 - config.runtime().noiseToCleanKvRange().stream().mapToInt(Integer::intValue).max().orElse(1);
        cache.keySet().removeIf(chunk -> {
            if (chunk >= keepFrom) {
                return false;
            }
            for (NDArray[] layer : cache.get(chunk)) {
                for (NDArray arr : layer) {
                    arr.close();
                }
            }
            return true;
        });
    }

    private KvHistory history(Map<Integer, NDArray[][]> cache, int slice) {
        List<Integer> numbers = new ArrayList<>();
        for (int chunk : cache.keySet()) {
            if (chunk < slice) {
                numbers.add(chunk);
            }
        }
        if (numbers.isEmpty()) {
            return null;
        }
        int layers = dit.config().layers();
        NDArray[][] keys = new NDArray[layers][numbers.size()];
        NDArray[][] values = new NDArray[layers][numbers.size()];
        for (int i = 0; i < numbers.size(); i++) {
            for (int l = 0; l < layers; l++) {
                keys[l][i] = cache.get(numbers.get(i))[0][l];
                values[l][i] = cache.get(numbers.get(i))[1][l];
            }
        }
        return new KvHistory(numbers.stream().mapToInt(Integer::intValue).toArray(), keys, values);
    }
}
