package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * One layer of the DiT (videodit_blocks.layers.N): LayerNorm, then self-attention (QK-norm, rotary, grouped keys,
 * block-causal mask) beside cross-attention of each chunk to its own caption, one projection of both, gated by a
 * tanh-capped gate of the condition and normed again ("sandwich") before the residual add; the same for the MLP.
 * The MLP's activation is GELU, or with the 24B's gated linear unit SiLU(gate) x value. The products' weights are
 * held in the checkpoint's precision ({@link DitLinears}, {@link Linear}); the norms' gains and the biases in float32.
 */
final class DitLayer {
    private final DitConfig c;
    private final float gateCap;
    final Linear adaW;
    final NDArray adaB;
    private final NDArray lnW;
    private final NDArray lnB;
    private final DitLinears linears;
    private final long[] qkvSplits;
    private final NDArray qNormW;
    private final NDArray qNormB;
    private final NDArray kNormW;
    private final NDArray kNormB;
    /** The cross-attention query norm, with the attention scale folded in. */
    private final NDArray qxNormW;
    private final NDArray qxNormB;
    private final NDArray kxNormW;
    private final NDArray kxNormB;
    private final Linear kvxW;
    private final NDArray attnPostW;
    private final NDArray attnPostB;
    private final NDArray mlpLnW;
    private final NDArray mlpLnB;
    private final NDArray mlpPostW;
    private final NDArray mlpPostB;

    /** A layer's output tokens and the keys and values [B, G, N, hd] of its tokens (normed and rotated). */
    record Output(NDArray x, NDArray k, NDArray v) {
    }

    DitLayer(DitConfig c, WeightFile w, NDManager m, int index, boolean fp8) {
        this(c, w, m, index, fp8, Bf16Weight.table(m));
    }

    /** {@code bf16Table}: the model's {@link Bf16Weight#table}, for the weights stored as bf16. */
    DitLayer(DitConfig c, WeightFile w, NDManager m, int index, boolean fp8, NDArray bf16Table) {
        this.c = c;
        this.gateCap = (float) c.gateCap();
        String p = "videodit_blocks.layers." + index + ".";
        String sa = p + "self_attention.";
        int d = c.hidden();
        int hd = c.headDim();
        int qDim = c.heads() * hd;
        int kDim = c.groups() * hd;
        float scale = (float) (1.0 / Math.sqrt(hd));
        adaW = Linear.load(w, p + "ada_modulate_layer.proj.0.weight", 2 * d, c.condDim(), m, bf16Table);
        adaB = vector(w, m, p + "ada_modulate_layer.proj.0.bias", 2 * d);
        lnW = vector(w, m, sa + "linear_qkv.layer_norm.weight", d);
        lnB = vector(w, m, sa + "linear_qkv.layer_norm.bias", d);
        qkvSplits = new long[] {qDim, qDim + kDim, qDim + 2L * kDim};
        linears = DitLinears.load(c, w, m, index, fp8, bf16Table);
        qNormW = norm1p(w, m, sa + "q_layernorm.weight", hd, 1f);
        qNormB = scaled(w, m, sa + "q_layernorm.bias", hd, 1f);
        kNormW = norm1p(w, m, sa + "k_layernorm.weight", hd, 1f);
        kNormB = scaled(w, m, sa + "k_layernorm.bias", hd, 1f);
        qxNormW = norm1p(w, m, sa + "q_layernorm_xattn.weight", hd, scale);
        qxNormB = scaled(w, m, sa + "q_layernorm_xattn.bias", hd, scale);
        kxNormW = norm1p(w, m, sa + "k_layernorm_xattn.weight", hd, 1f);
        kxNormB = scaled(w, m, sa + "k_layernorm_xattn.bias", hd, 1f);
        kvxW = Linear.load(w, sa + "linear_kv_xattn.weight", 2 * kDim, c.xattnDim(), m, bf16Table);
        attnPostW = norm1p(w, m, p + "self_attn_post_norm.weight", d, 1f);
        attnPostB = scaled(w, m, p + "self_attn_post_norm.bias", d, 1f);
        mlpLnW = vector(w, m, p + "mlp.layer_norm.weight", d);
        mlpLnB = vector(w, m, p + "mlp.layer_norm.bias", d);
        mlpPostW = norm1p(w, m, p + "mlp_post_norm.weight", d, 1f);
        mlpPostB = scaled(w, m, p + "mlp_post_norm.bias", d, 1f);
    }

    /**
     * linear_proj's weight for nano's input layout, from one trained on the reference's: the reference reorders the
     * concatenated self- and cross-attention outputs {@code (n hn hd) -> (hn n hd)} (n = 2, hn = {@code groups}) before
     * the product, so its column {@code (g, n, j)} multiplies what is nano's column {@code (n, g, j)}. Moving the
     * columns once on loading keeps the product as nano computes it; 1 leaves the matrix as it is.
     */
    static float[] interleaved(float[] weight, int rows, int cols, int groups) {
        return groups == 1 ? weight : (float[]) moveColumns(weight, new float[weight.length], rows, cols, groups);
    }

    /** The same for a bf16 weight's bytes as stored: each value's two bytes move together. */
    static byte[] interleaved(byte[] weight, int rows, int cols, int groups) {
        return groups == 1 ? weight : (byte[]) moveColumns(weight, new byte[weight.length], rows, 2 * cols, groups);
    }

    /** Row-major {@code rows x cols} elements of any array type: run (g, n) of each row to (n, g). */
    private static Object moveColumns(Object weight, Object out, int rows, int cols, int groups) {
        int s = cols / 2 / groups;
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            for (int n = 0; n < 2; n++) {
                for (int g = 0; g < groups; g++) {
                    System.arraycopy(weight, row + g * 2 * s + n * s, out, row + n * groups * s + g * s, s);
                }
            }
        }
        return out;
    }

    static NDArray matrix(WeightFile w, NDManager m, String name, int rows, int cols) {
        return Ops.floats(m, w.floats(name, rows, cols), rows, cols);
    }

    static NDArray vector(WeightFile w, NDManager m, String name, int n) {
        return Ops.floats(m, w.floats(name, n), n);
    }

    /** A LayerNorm gain stored zero-centred (apply_layernorm_1p: weight + 1), times a scale. */
    private NDArray norm1p(WeightFile w, NDManager m, String name, int n, float scale) {
        float[] g = w.floats(name, n);
        for (int i = 0; i < n; i++) {
            g[i] = (c.layerNorm1p() ? g[i] + 1f : g[i]) * scale;
        }
        return Ops.floats(m, g, n);
    }

    private static NDArray scaled(WeightFile w, NDManager m, String name, int n, float scale) {
        float[] b = w.floats(name, n);
        for (int i = 0; i < n; i++) {
            b[i] *= scale;
        }
        return Ops.floats(m, b, n);
    }

    /** cond [..., Dc] -> both gates [..., 2D], capped: cap * tanh(x / cap). */
    NDArray gates(NDArray cond) {
        return cap(adaW.apply(Ops.silu(cond), adaB), gateCap);
    }

    static NDArray cap(NDArray x, float cap) {
        return cap == 1f ? x.tanh() : x.div(cap).tanh().mul(cap);
    }

    /** A caption's keys and values for this layer: y_xattn [..., L, Dx] -> [..., G, L, hd] each, keys normed. */
    NDArray[] crossKeys(NDArray yXattn) {
        Shape s = yXattn.getShape();
        long[] lead = s.slice(0, s.dimension() - 2).getShape();
        long len = s.get(s.dimension() - 2);
        int g = c.groups();
        int hd = c.headDim();
        long[] grouped = concat(lead, len, g, 2L * hd);
        NDList kv = kvxW.apply(yXattn).reshape(grouped).split(new long[] {hd}, grouped.length - 1);
        int[] order = groupFirst(lead.length);
        NDArray k = Ops.layerNorm(kv.get(0), kxNormW, kxNormB, c.eps()).transpose(order);
        NDArray v = kv.get(1).transpose(order);
        return new NDArray[] {k, v};
    }

    private static long[] concat(long[] lead, long... tail) {
        long[] out = new long[lead.length + tail.length];
        System.arraycopy(lead, 0, out, 0, lead.length);
        System.arraycopy(tail, 0, out, lead.length, tail.length);
        return out;
    }

    /** Axis order that moves the group axis before the caption-token axis of [..., L, G, hd]. */
    private static int[] groupFirst(int lead) {
        int[] order = new int[lead + 3];
        for (int i = 0; i < lead; i++) {
            order[i] = i;
        }
        order[lead] = lead + 1;
        order[lead + 1] = lead;
        order[lead + 2] = lead + 2;
        return order;
    }

    /**
     * x [B, N, D] of K chunks; gates [B, K, 1, D] each; how the pass attends; the visible cached chunks' keys and
     * values [1, G, T, hd] each (oldest first); the chunks' caption keys and values [B, K, G, L, hd] and their additive
     * mask [B, K, 1, 1, L]. Returns the new tokens and, when {@code keys}, this pass's keys and values (else null).
     * The attention's and the MLP's intermediate arrays are closed as each ends, so a layer holds one half's at a time.
     */
    Output forward(NDArray x, NDArray gateMsa, NDArray gateMlp, RopeTables rope, NDArray swap, Attention attention,
            List<NDArray> pastK, List<NDArray> pastV, NDArray kx, NDArray vx, NDArray xbias, int chunks, boolean keys) {
        Shape s = x.getShape();
        long b = s.get(0);
        long n = s.get(1);
        int heads = c.heads();
        int g = c.groups();
        int hd = c.headDim();
        NDArray k = null;
        NDArray v = null;
        NDArray mid;
        try (NDScope half = new NDScope()) {
            NDList parts = linears.qkv().apply(Ops.layerNorm(x, lnW, lnB, c.eps())).split(qkvSplits, 2);
            NDArray q = rotated(parts.get(0).reshape(b, n, heads, hd), qNormW, qNormB, rope.queryCos(), rope.querySin(), swap);
            NDArray kr = rotated(parts.get(1).reshape(b, n, g, hd), kNormW, kNormB, rope.keyCos(), rope.keySin(), swap)
                    .transpose(0, 2, 1, 3);
            NDArray vr = parts.get(2).reshape(b, n, g, hd).transpose(0, 2, 1, 3);
            NDArray core = attention.self(q, kr, vr, pastK, pastV, chunks);
            NDArray qx = Ops.layerNorm(parts.get(3).reshape(b, n, heads, hd), qxNormW, qxNormB, c.eps());
            NDArray cross = attention.cross(qx, kx, vx, xbias, chunks);
            NDArray attn = linears.proj().apply(Ops.concat(2, core, cross));
            mid = x.add(Ops.layerNorm(gated(attn, gateMsa, chunks), attnPostW, attnPostB, c.eps()));
            NDScope.unregister(mid);
            if (keys) { // v in its own memory: as a view it would keep the whole q, k, v, qx product alive
                k = kr;
                v = vr.duplicate();
                NDScope.unregister(k, v);
            }
        }
        NDArray out;
        try (NDScope half = new NDScope()) {
            NDArray mlp = mlp(mid);
            out = mid.add(Ops.layerNorm(gated(mlp, gateMlp, chunks), mlpPostW, mlpPostB, c.eps()));
            NDScope.unregister(out);
        }
        mid.close();
        NDScope.register(out);
        if (keys) {
            NDScope.register(k);
            NDScope.register(v);
        }
        return new Output(out, k, v);
    }

    /** The MLP before its gate: fc2(GELU, or SiLU(gate) x value, of fc1(LayerNorm(x))). */
    NDArray mlp(NDArray x) {
        NDArray hidden = linears.fc1().apply(Ops.layerNorm(x, mlpLnW, mlpLnB, c.eps()));
        return linears.fc2().apply(c.gatedLinearUnit() ? Ops.siluAndMul(hidden) : Ops.gelu(hidden));
    }

    /** Only this layer's keys and values [B, G, N, hd] of x [B, N, D]: what the cache keeps of the last layer. */
    NDArray[] keysAndValues(NDArray x, RopeTables rope, NDArray swap) {
        Shape s = x.getShape();
        long b = s.get(0);
        long n = s.get(1);
        int g = c.groups();
        int hd = c.headDim();
        NDList parts = linears.kv().apply(Ops.layerNorm(x, lnW, lnB, c.eps())).split(2, 2);
        NDArray k = rotated(parts.get(0).reshape(b, n, g, hd), kNormW, kNormB, rope.keyCos(), rope.keySin(), swap)
                .transpose(0, 2, 1, 3);
        NDArray v = parts.get(1).reshape(b, n, g, hd).transpose(0, 2, 1, 3).duplicate();
        return new NDArray[] {k, v};
    }

    /** The head-normed, rotated queries or keys; the norm's and the rotation's intermediates are closed. */
    private NDArray rotated(NDArray x, NDArray normW, NDArray normB, NDArray cos, NDArray sin, NDArray swap) {
        NDArray r;
        try (NDScope scope = new NDScope()) {
            NDArray normed = Ops.layerNorm(x, normW, normB, c.eps());
            r = normed.mul(cos).add(normed.matMul(swap).mul(sin));
            NDScope.unregister(r);
        }
        NDScope.register(r);
        return r;
    }

    private static NDArray gated(NDArray y, NDArray gate, int chunks) {
        Shape s = y.getShape();
        return y.reshape(s.get(0), chunks, s.get(1) / chunks, s.get(2)).mul(gate).reshape(s);
    }
}
