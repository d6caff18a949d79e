package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The reference's sampler (video_generate.py's SampleTransport.walk with dit_model.py's forward_dispatcher) on this
 * engine's {@link VideoDit}: each forward step one pass over the window's chunks; the finished chunk before them joins
 * the pass's first step of a stage, clean (t = clean_t, the null caption under the pass's adaLN row), and its keys and
 * values go to the cache from that pass; cfg 1 adds, while the first noisy chunk is past the nearly-clean threshold, a
 * copy of it that sees only itself and mixes 0.7 of the velocity with history and 0.3 alone; cfg 3 runs the caption,
 * the null caption (the forward that writes the cache) and each chunk alone, combined with the scales of the chunk's
 * t bucket. Euler steps on the time grid of {@link ReferenceSchedule}. An image or video start is a
 * {@link ReferencePrefix}: its whole chunks are cached by one clean pass before the first step, its other frames are
 * put in front of the first new chunk in each pass that begins with it.
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

    /** Hears the walk: each clean chunk and each forward step. */
    interface Sink {
        /**
         * New chunk {@code index} is clean: its latent [C, F, h, w] (scaled), of which frames from
         * {@code firstNewFrame} on are the walk's (before them: the prefix's).
         */
        void chunk(int index, NDArray latent, int firstNewFrame);

        /** The oldest chunk of the pass has done {@code done} of its steps. */
        default void step(int chunk, int done) {
        }
    }

    /** A chunk's caption as the DiT reads it: [L, Cc] (special tokens already in front) and its mask. */
    record Caption(NDArray embedding, float[] mask) {
    }

    /**
     * Walks noise [C, n * F, h, w] of the n new chunks to clean chunks, one caption per new chunk, after the prefix
     * (null for text to video); {@code cancelled} is asked between forward steps.
     */
    void walk(NDArray noise, ReferencePrefix prefix, List<Caption> captions, int steps, int window, Sink sink,
            BooleanSupplier cancelled) {
        ReferenceConfig.Runtime r = config.runtime();
        int f = r.chunkWidth();
        int offset = prefix == null ? 0 : prefix.wholeChunks();
        int chunks = offset + (int) (noise.getShape().get(1) / f);
        ReferenceSchedule schedule = ReferenceSchedule.of(steps, window, chunks, offset, config.engine().shortcutMode());
        NDManager m = noise.getManager();
        DitConfig c = dit.config();
        NDArray nullCaption = m.create(dit.nullCaption(), new ai.djl.ndarray.types.Shape(c.captionLength(), c.captionChannels()));
        List<DitPrompt> owned = new ArrayList<>();
        NDArray[] x = new NDArray[chunks];
        int reach = r.noiseToCleanKvRange().stream().mapToInt(Integer::intValue).max().orElse(1);
        try (ReferenceKvCache cache = new ReferenceKvCache(c.layers(), reach)) {
            DitPrompt[] text = new DitPrompt[chunks];
            for (int k = offset; k < chunks; k++) {
                text[k] = own(owned, dit.prompt(captions.get(k - offset).embedding(), captions.get(k - offset).mask(), false, false));
                x[k] = noise.get(new NDIndex().addAllDim().addSliceDim((long) (k - offset) * f, (long) (k - offset + 1) * f)).duplicate();
            }
            Prompts p = new Prompts(text, own(owned, dit.prompt(nullCaption, c.nullCaptionMask(), false, false)),
                    own(owned, dit.prompt(nullCaption, c.nullCaptionMask(), true, false)));
            if (offset > 0) {
                cachePrefix(prefix, schedule, p, cache);
            }
            int[] done = new int[chunks];
            int total = schedule.forwardSteps();
            for (int s = 0; s < total; s++) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("stopped at forward step " + s + " of " + total);
                }
                ReferenceSchedule.Stage st = schedule.stage(s);
                step(schedule, st, x, prefix, p, cache);
                for (int k = st.chunkStart(); k < st.chunkEnd(); k++) {
                    done[k]++;
                }
                int oldest = st.chunkStart();
                sink.step(oldest - offset, done[oldest]);
                if (done[oldest] == steps) {
                    sink.chunk(oldest - offset, x[oldest], prefix == null ? 0 : prefix.firstNewFrame(oldest));
                }
            }
        } finally {
            owned.forEach(DitPrompt::close);
            nullCaption.close();
            for (NDArray a : x) {
                if (a != null) {
                    a.close();
                }
            }
        }
    }

    /**
     * extract_prefix_video_feature: the prefix's whole chunks in one pass at t = clean_t with the null caption, each
     * seeing the clean_chunk_kvrange chunks up to itself, under the adaLN row of the forward that writes the cache
     * ("has caption" with cfg 1, null with cfg 3); their keys and values go to the cache.
     */
    private void cachePrefix(ReferencePrefix prefix, ReferenceSchedule schedule, Prompts p, ReferenceKvCache cache) {
        ReferenceConfig.Runtime r = config.runtime();
        int n = prefix.wholeChunks();
        float[] t = new float[n];
        int[] numbers = new int[n];
        int[] ranges = new int[n];
        DitPrompt[] prompts = new DitPrompt[n];
        int steps = schedule.steps();
        int range = ReferenceSchedule.kvRange(steps, steps, r.noiseToCleanKvRange(), r.cleanChunkKvRange());
        for (int k = 0; k < n; k++) {
            t[k] = (float) r.cleanT();
            numbers[k] = k;
            ranges[k] = Math.min(k + 1, range);
            prompts[k] = r.cfgNumber() == 3 ? p.nullNull() : p.nullHasCaption();
        }
        try (NDScope scope = new NDScope()) {
            NDArray whole = prefix.whole().expandDims(0);
            VideoDit.Output out = dit.forward(whole, new float[][] {t}, new DitPrompt[][] {prompts},
                    DitConfig.referenceStepCount(steps, schedule.intervals()[0]), numbers, ranges, null, VideoDit.Want.KEYS);
            long tokens = tokens(whole, n);
            for (int k = 0; k < n; k++) {
                cache.keep(k, out, k * tokens, tokens);
            }
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
    private void step(ReferenceSchedule schedule, ReferenceSchedule.Stage st, NDArray[] x, ReferencePrefix prefix,
            Prompts p, ReferenceKvCache cache) {
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
        if (prefix != null) { // the reference integrates the padded chunk: the padding stays in x
            NDArray padded = prefix.pad(x[slice], slice);
            if (padded != x[slice]) {
                x[slice].close();
                x[slice] = padded;
            }
        }
        try (NDScope scope = new NDScope()) {
            NDArray[] parts = new NDArray[members];
            for (int j = 0; j < members; j++) {
                parts[j] = x[slice + j];
            }
            NDArray pass = Ops.concat(1, parts).expandDims(0);
            KvHistory past = cache.before(slice);
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
            Prompts p, KvHistory past, ReferenceKvCache cache) {
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
            cache.keep(numbers[0], out, 0, tokens(pass, members));
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
            Prompts p, KvHistory past, ReferenceKvCache cache) {
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
            cache.keep(numbers[0], withNull, 0, tokens(pass, members));
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
}
