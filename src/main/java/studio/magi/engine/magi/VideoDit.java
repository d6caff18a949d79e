package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MAGI DiT: a 2x2 patch of the latents per token; the condition of each chunk is its timestep embedding plus the
 * step-size embedding plus the caption's adaLN vector; the layers; a final norm and linear back to latent patches.
 * One pass carries K chunks side by side, each with its own time and caption, and attends block-causally to the
 * chunks before it (in the pass or from the cache) within each chunk's kv range.
 *
 * <p>(Over 300 lines: the pass's patching, conditioning, layers and unpatching share its arrays and shapes, and the
 * embedders' and final layer's loading, nano's and the reference's, sits beside the code that uses it.)
 */
final class VideoDit {

    private final DitConfig c;
    private final NDManager manager;
    private final NDArray patchW;
    /** nano's learned position per token of a chunk [tokens, D], or null (the reference has none). */
    private final NDArray absPos;
    /**
     * The timestep embedding's frequencies, computed in double and rounded: a float32 exp differs between libtorch
     * builds by an ulp, which at t * 1000 radians moves the embedding by 1e-5.
     */
    private final NDArray freqs;
    private final NDArray tW0;
    private final NDArray tB0;
    private final NDArray tW2;
    private final NDArray tB2;
    private final NDArray yXattnW;
    private final NDArray yXattnB;
    private final NDArray yAdalnW;
    private final NDArray yAdalnB;
    private final float[] nullCaption;
    private final float[] bands;
    private final NDArray swap;
    /** The bf16 values' table, shared by the weights held as stored ({@link Bf16Weight}); null when none is bf16. */
    private final NDArray bf16Table;
    /**
     * Every layer's adaLN gate weights as one: one product gives all gates of a pass. Float32 weights are joined in a
     * new matrix; bf16 ones are the layers' own bytes, stacked.
     */
    private final Linear adaW;
    private final NDArray adaB;
    private final DitLayer[] layers;
    private final NDArray finalNormW;
    private final NDArray finalNormB;
    private final Linear finalW;
    private final Map<Integer, NDArray> stepEmbeddings = new HashMap<>();
    private final PassTables tables;
    private AttentionPolicy attention = AttentionPolicy.fromSystem();

    /** What a pass is run for: each layer's keys and values are kept only when asked (they are a chunk's cache). */
    enum Want { VELOCITY, KEYS, BOTH }

    /** A pass's velocity [B, C, T, H, W] (null when only keys were asked) and each layer's keys and values (null when not). */
    record Output(NDArray velocity, NDArray[] keys, NDArray[] values) {
    }

    VideoDit(DitConfig c, WeightFile w, NDManager m) {
        this(c, w, m, layer -> false);
    }

    /** {@code referenceFp8}: the layers whose linears are the reference's fp8 ones ({@link QuantizedLinear}). */
    VideoDit(DitConfig c, WeightFile w, NDManager m, java.util.function.IntPredicate referenceFp8) {
        this.c = c;
        this.manager = m;
        this.tables = new PassTables(m);
        int d = c.hidden();
        int p = c.patch();
        int patchValues = c.inChannels() * p * p;
        patchW = Ops.floats(m, w.floats("x_embedder.weight", d, c.inChannels(), 1, p, p), d, patchValues);
        absPos = c.absPosGrid() == null ? null
                : Ops.floats(m, w.floats("abs_pos_embed", c.absPosTokens(), d), c.absPosTokens(), d);
        freqs = TimestepFrequencies.frequencies(m, c.timestepFloat32());
        int cd = c.condDim();
        tW0 = DitLayer.matrix(w, m, "t_embedder.mlp.0.weight", cd, TimestepFrequencies.FREQUENCIES);
        tB0 = DitLayer.vector(w, m, "t_embedder.mlp.0.bias", cd);
        tW2 = DitLayer.matrix(w, m, "t_embedder.mlp.2.weight", cd, cd);
        tB2 = DitLayer.vector(w, m, "t_embedder.mlp.2.bias", cd);
        yXattnW = DitLayer.matrix(w, m, "y_embedder.y_proj_xattn.0.weight", c.xattnDim(), c.captionChannels());
        yXattnB = DitLayer.vector(w, m, "y_embedder.y_proj_xattn.0.bias", c.xattnDim());
        yAdalnW = DitLayer.matrix(w, m, "y_embedder.y_proj_adaln.0.weight", cd, c.captionChannels());
        yAdalnB = DitLayer.vector(w, m, "y_embedder.y_proj_adaln.0.bias", cd);
        nullCaption = w.floats("y_embedder.null_caption_embedding", c.captionLength(), c.captionChannels());
        bands = w.floats("rope.bands", c.ropeBands());
        swap = Ops.floats(m, RopeTables.swap(3 * c.ropeBands(), c.headDim()), c.headDim(), c.headDim());
        bf16Table = Bf16Weight.anyStored(w) ? Bf16Weight.table(m) : null;
        layers = new DitLayer[c.layers()];
        List<Linear> adaWs = new ArrayList<>();
        NDArray[] adaBs = new NDArray[c.layers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new DitLayer(c, w, m, i, referenceFp8.test(i), bf16Table);
            adaWs.add(layers[i].adaW);
            adaBs[i] = layers[i].adaB;
        }
        try (NDScope scope = new NDScope()) {
            adaW = Linear.stack(adaWs);
            adaB = NDArrays.concat(new NDList(adaBs), 0);
            if (adaW instanceof Linear.Floats f) {
                NDScope.unregister(f.weight());
            }
            NDScope.unregister(adaB);
        }
        finalNormW = DitLayer.vector(w, m, "videodit_blocks.final_layernorm.weight", d);
        if (c.layerNorm1p()) {
            finalNormW.addi(1f);
        }
        finalNormB = DitLayer.vector(w, m, "videodit_blocks.final_layernorm.bias", d);
        finalW = finalLinear(c, w, m, bf16Table);
    }

    /** final_linear's rows of the velocity's channels ({@link #velocityRows}), held as stored. */
    private static Linear finalLinear(DitConfig c, WeightFile w, NDManager m, NDArray bf16Table) {
        String name = "final_linear.linear.weight";
        int positions = c.patch() * c.patch();
        int d = c.hidden();
        if (!Bf16Weight.stored(w, name)) {
            return new Linear.Floats(Ops.floats(m, velocityRows(w.floats(name, positions * c.outChannels(), d), positions,
                    c.outChannels(), c.velocityChannels(), d), (long) positions * c.velocityChannels(), d));
        }
        ByteBuffer all = w.bf16(name, (long) positions * c.outChannels(), d);
        int row = 2 * d;
        ByteBuffer kept = ByteBuffer.allocate(positions * c.velocityChannels() * row);
        for (int pos = 0; pos < positions; pos++) {
            kept.put(all.slice(pos * c.outChannels() * row, c.velocityChannels() * row));
        }
        return Bf16Weight.of(kept.flip(), (long) positions * c.velocityChannels(), d, bf16Table);
    }

    /**
     * final_linear's rows (patch position, channel; the channel fastest) of the first {@code keep} channels: the
     * reference computes every channel and drops the rest after unpatchify; each row's product is the same alone.
     */
    static float[] velocityRows(float[] weight, int positions, int channels, int keep, int cols) {
        if (keep == channels) {
            return weight;
        }
        float[] out = new float[positions * keep * cols];
        for (int pos = 0; pos < positions; pos++) {
            System.arraycopy(weight, pos * channels * cols, out, pos * keep * cols, keep * cols);
        }
        return out;
    }

    /** Releases the tables kept for recent passes (the weights go with the model's manager). */
    void closeTables() {
        tables.close();
    }

    DitConfig config() {
        return c;
    }

    /** How the passes from now on attend. */
    void attention(AttentionPolicy policy) {
        attention = policy;
    }

    DitLayer layer(int i) {
        return layers[i];
    }

    /** The raw null caption embedding [L, Cc]. */
    float[] nullCaption() {
        return nullCaption.clone();
    }

    NDArray swap() {
        return swap;
    }

    /**
     * A chunk's caption: the text encoder's output [L, Cc] and its mask, or (null caption) the learned null
     * embedding with every position valid. Caller closes the arrays (or owns them, for the model's null caption).
     */
    DitPrompt prompt(NDArray caption, float[] mask, boolean isNull, boolean shared) {
        try (NDScope scope = new NDScope()) {
            NDArray yXattn = captionTokens(caption);
            NDArray[] keys = new NDArray[layers.length];
            NDArray[] values = new NDArray[layers.length];
            for (int i = 0; i < layers.length; i++) {
                NDArray[] kv = layers[i].crossKeys(yXattn);
                keys[i] = kv[0];
                values[i] = kv[1];
            }
            NDArray k = NDArrays.stack(new NDList(keys), 0);
            NDArray v = NDArrays.stack(new NDList(values), 0);
            float[] bias = new float[mask.length];
            for (int i = 0; i < mask.length; i++) {
                bias[i] = (1f - mask[i]) * BlockCausal.MASKED;
            }
            NDArray padding = Ops.floats(caption.getManager(), bias, mask.length);
            NDArray adaln = adalnRow(caption.getManager(), isNull);
            NDScope.unregister(k, v, padding, adaln);
            return new DitPrompt(k, v, padding, adaln, shared);
        }
    }

    /** y_proj_xattn: SiLU(linear) of the caption. */
    NDArray captionTokens(NDArray caption) {
        return Ops.silu(Ops.linear(caption, yXattnW, yXattnB));
    }

    /** The adaLN vector of a caption: the second-last row of the null embedding (has caption) or the last (null). */
    private NDArray adalnRow(NDManager m, boolean isNull) {
        int cc = c.captionChannels();
        int row = c.captionLength() - (isNull ? 1 : 2);
        float[] values = new float[cc];
        System.arraycopy(nullCaption, row * cc, values, 0, cc);
        return Ops.linear(Ops.floats(m, values, cc), yAdalnW, yAdalnB);
    }

    /** The timestep embedder: sinusoids of t * 1000 through a two-layer SiLU MLP; t [n] -> [n, Dc]. */
    NDArray timeEmbedding(NDArray t) {
        NDArray args = t.expandDims(1).mul(freqs.expandDims(0)).mul(1000f);
        NDArray emb = Ops.concat(-1, args.cos(), args.sin());
        return Ops.linear(Ops.silu(Ops.linear(emb, tW0, tB0)), tW2, tB2);
    }

    /**
     * The step-size embedding of a step count (the reference's distill_dt_factor: steps / 4 * 2), [1, Dc]; added to
     * the condition only when {@link DitConfig#stepEmbedding()}.
     */
    private NDArray stepEmbedding(int steps) {
        NDArray e = stepEmbeddings.get(steps);
        if (e == null) {
            try (NDScope scope = new NDScope()) {
                e = timeEmbedding(manager.create(new float[] {(float) steps / 4f * 2f}));
                NDScope.unregister(e);
            }
            stepEmbeddings.put(steps, e);
        }
        return e;
    }

    /**
     * x [B, C, K * F, H, W]; t [B][K]; prompts [B][K]; numbers and ranges [K]; past (batch 1) or null.
     * {@code want} KEYS stops once the last layer's keys and values are known. Each layer's intermediate arrays are
     * closed when the layer ends: a pass holds one layer's work at a time.
     */
    Output forward(NDArray x, float[][] t, DitPrompt[][] prompts, int steps, int[] numbers, int[] ranges, KvHistory past,
            Want want) {
        NDManager m = x.getManager();
        Shape xs = x.getShape();
        long b = xs.get(0);
        int kc = numbers.length;
        long frames = xs.get(2) / kc;
        int p = c.patch();
        long h = xs.get(3) / p;
        long w = xs.get(4) / p;
        long tpc = frames * h * w;
        long n = kc * tpc;
        int d = c.hidden();

        NDArray input = c.xRescale() == 1.0 ? x : x.mul((float) c.xRescale());
        if (c.halfChannel()) { // the latent twice over the channels, as the reference's forward_pre_process
            input = Ops.concat(1, input, input);
        }
        NDArray tokens = Ops.linear(input.reshape(b, c.inChannels(), kc * frames, h, p, w, p).transpose(0, 2, 3, 5, 1, 4, 6)
                .reshape(b, n, (long) c.inChannels() * p * p), patchW, null);
        if (absPos != null) {
            int[] grid = c.absPosGrid();
            if (grid[0] != frames || grid[1] != h || grid[2] != w) {
                throw new IllegalArgumentException("this model's positions are for chunks of " + grid[0] + "x" + grid[1]
                        + "x" + grid[2] + " tokens, not " + frames + "x" + h + "x" + w);
            }
            tokens = tokens.add(kc == 1 ? absPos : absPos.tile(new long[] {kc, 1}));
        }

        List<Integer> ropeKey = new ArrayList<>(List.of((int) frames, (int) h, (int) w));
        for (int number : numbers) {
            ropeKey.add(number);
        }
        RopeTables rope = tables.rope(ropeKey, tm -> {
            float[][] angles = RopeTables.angles(numbers, (int) frames, (int) h, (int) w, c.ropeRefGrid(), bands);
            return RopeTables.of(tm, angles[0], angles[1], 3 * c.ropeBands(), c.headDim(), (float) (1.0 / Math.sqrt(c.headDim())));
        });

        float[] flatT = new float[(int) b * kc];
        DitPrompt[] flat = new DitPrompt[(int) b * kc];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < kc; k++) {
                flatT[i * kc + k] = t[i][k];
                flat[i * kc + k] = prompts[i][k];
            }
        }
        NDArray te = timeEmbedding(Ops.floats(m, flatT, flatT.length)).reshape(b, kc, c.condDim());
        NDArray adaln = stack(flat, pr -> pr.adaln).reshape(b, kc, c.condDim());
        NDArray cond = (c.stepEmbedding() ? te.add(stepEmbedding(steps)) : te).add(adaln);
        NDArray gates = DitLayer.cap(adaW.apply(Ops.silu(cond), adaB), (float) c.gateCap())
                .reshape(b, kc, 1, (long) layers.length * 2 * d);
        NDArray crossKeys = stack(flat, pr -> pr.keys);
        NDArray crossValues = stack(flat, pr -> pr.values);
        long[] perChunk = crossKeys.getShape().slice(1).getShape();
        crossKeys = crossKeys.reshape(concat(new long[] {b, kc}, perChunk));
        crossValues = crossValues.reshape(concat(new long[] {b, kc}, perChunk));
        NDArray xbias = stack(flat, pr -> pr.paddingBias).reshape(b, kc, 1, 1, c.captionLength());

        int skip = past == null ? 0 : BlockCausal.hiddenChunks(past.chunkNumbers, numbers, ranges);
        int[] pastNumbers = past == null ? new int[0] : java.util.Arrays.copyOfRange(past.chunkNumbers, skip,
                past.chunkNumbers.length);
        long keyTokens = (pastNumbers.length + kc) * tpc;
        Attention att = attention.tiled(b * c.heads() * n * Math.max(keyTokens, c.captionLength()))
                ? Attention.tiled(BlockCausal.seenChunks(numbers, ranges, pastNumbers), attention.tile())
                : Attention.dense(tables.mask(BlockCausal.layout(numbers, ranges, pastNumbers, (int) tpc), n, keyTokens,
                        () -> BlockCausal.mask(numbers, ranges, pastNumbers, (int) tpc)));

        boolean keep = want != Want.VELOCITY;
        NDArray[] keys = keep ? new NDArray[layers.length] : null;
        NDArray[] values = keep ? new NDArray[layers.length] : null;
        NDArray first = tokens;
        for (int i = 0; i < layers.length; i++) {
            List<NDArray> pk = past == null ? List.of() : List.of(past.keys[i]).subList(skip, past.keys[i].length);
            List<NDArray> pv = past == null ? List.of() : List.of(past.values[i]).subList(skip, past.values[i].length);
            NDArray next = null;
            try (NDScope layer = new NDScope()) {
                if (want == Want.KEYS && i == layers.length - 1) {
                    NDArray[] kv = layers[i].keysAndValues(tokens, rope, swap);
                    keys[i] = kv[0];
                    values[i] = kv[1];
                } else {
                    long g0 = (long) i * 2 * d;
                    NDArray gateMsa = gates.get(new NDIndex().addAllDim(3).addSliceDim(g0, g0 + d));
                    NDArray gateMlp = gates.get(new NDIndex().addAllDim(3).addSliceDim(g0 + d, g0 + 2L * d));
                    NDIndex at = new NDIndex().addAllDim(2).addIndices(i);
                    DitLayer.Output out = layers[i].forward(tokens, gateMsa, gateMlp, rope, swap, att, pk, pv,
                            crossKeys.get(at), crossValues.get(at), xbias, kc, keep);
                    next = out.x();
                    NDScope.unregister(next);
                    if (keep) {
                        keys[i] = out.k();
                        values[i] = out.v();
                    }
                }
                if (keep) {
                    NDScope.unregister(keys[i], values[i]);
                }
            }
            if (keep) { // into the caller's scope
                NDScope.register(keys[i]);
                NDScope.register(values[i]);
            }
            if (tokens != first) {
                tokens.close();
            }
            tokens = next;
        }
        if (want == Want.KEYS) {
            return new Output(null, keys, values);
        }
        NDScope.register(tokens);
        NDArray out = finalW.apply(Ops.layerNorm(tokens, finalNormW, finalNormB, c.eps()));
        int ch = c.velocityChannels();
        out = out.reshape(b, kc * frames, h, w, p, p, ch).transpose(0, 6, 1, 2, 4, 3, 5)
                .reshape(b, ch, kc * frames, h * p, w * p);
        if (c.xRescale() != 1.0) {
            out = out.div((float) c.xRescale());
        }
        return new Output(out, keys, values);
    }

    private static NDArray stack(DitPrompt[] prompts, java.util.function.Function<DitPrompt, NDArray> part) {
        if (prompts.length == 1) {
            return part.apply(prompts[0]).expandDims(0);
        }
        NDList list = new NDList();
        for (DitPrompt pr : prompts) {
            list.add(part.apply(pr));
        }
        return NDArrays.stack(list, 0);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
