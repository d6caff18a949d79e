package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A DiT layer's bias-free products, each weight held in the checkpoint's precision: x -> [q | k | v | qx] and
 * x -> [k | v] (the cache's last layer), linear_proj, the MLP's fc1 and fc2; float32 (nano's files), bf16 as stored
 * ({@link Bf16Weight}: the reference's), or the reference's fp8 linears ({@link QuantizedLinear}).
 */
record DitLinears(UnaryOperator<NDArray> qkv, UnaryOperator<NDArray> kv, UnaryOperator<NDArray> proj,
        UnaryOperator<NDArray> fc1, UnaryOperator<NDArray> fc2) {

    static DitLinears load(DitConfig c, WeightFile w, NDManager m, int index, boolean fp8, NDArray bf16Table) {
        String p = "videodit_blocks.layers." + index + ".";
        String sa = p + "self_attention.";
        if (fp8) {
            return quantized(c, w, m, p, sa);
        }
        String[] names = {sa + "linear_qkv.q.weight", sa + "linear_qkv.k.weight", sa + "linear_qkv.v.weight",
            sa + "linear_qkv.qx.weight", sa + "linear_proj.weight", p + "mlp.linear_fc1.weight", p + "mlp.linear_fc2.weight"};
        return Bf16Weight.stored(w, names) ? bf16(c, w, names, bf16Table) : floats(c, w, m, names);
    }

    private static DitLinears quantized(DitConfig c, WeightFile w, NDManager m, String p, String sa) {
        int d = c.hidden();
        int qDim = c.heads() * c.headDim();
        int kDim = c.groups() * c.headDim();
        String l = sa + "linear_qkv.";
        QuantizedLinear q = QuantizedLinear.load(w, l + "q", qDim, d, false, 1, m);
        QuantizedLinear k = QuantizedLinear.load(w, l + "k", kDim, d, false, 1, m);
        QuantizedLinear v = QuantizedLinear.load(w, l + "v", kDim, d, false, 1, m);
        QuantizedLinear qx = QuantizedLinear.load(w, l + "qx", qDim, d, false, 1, m);
        QuantizedLinear proj = QuantizedLinear.load(w, sa + "linear_proj", d, 2 * qDim, true, c.projInterleave(), m);
        QuantizedLinear fc1 = QuantizedLinear.load(w, p + "mlp.linear_fc1", c.fc1Rows(), d, false, 1, m);
        QuantizedLinear fc2 = QuantizedLinear.load(w, p + "mlp.linear_fc2", d, c.ffnHidden(), true, 1, m);
        return new DitLinears(x -> Ops.concat(2, q.apply(x), k.apply(x), v.apply(x), qx.apply(x)),
                x -> Ops.concat(2, k.apply(x), v.apply(x)), proj::apply, fc1::apply, fc2::apply);
    }

    /** The q, k, v, qx rows stacked without a copy; the cache's k and v are the same bytes. */
    private static DitLinears bf16(DitConfig c, WeightFile w, String[] n, NDArray table) {
        int d = c.hidden();
        int qDim = c.heads() * c.headDim();
        int kDim = c.groups() * c.headDim();
        Bf16Weight q = Bf16Weight.load(w, n[0], qDim, d, table);
        Bf16Weight k = Bf16Weight.load(w, n[1], kDim, d, table);
        Bf16Weight v = Bf16Weight.load(w, n[2], kDim, d, table);
        Bf16Weight qx = Bf16Weight.load(w, n[3], qDim, d, table);
        Bf16Weight qkv = Bf16Weight.stack(List.of(q, k, v, qx));
        Bf16Weight kv = Bf16Weight.stack(List.of(k, v));
        java.nio.ByteBuffer stored = w.bf16(n[4], d, 2 * qDim);
        byte[] raw = new byte[stored.remaining()];
        stored.get(raw);
        Bf16Weight proj = Bf16Weight.of(java.nio.ByteBuffer.wrap(DitLayer.interleaved(raw, d, 2 * qDim, c.projInterleave())),
                d, 2 * qDim, table);
        Bf16Weight fc1 = Bf16Weight.load(w, n[5], c.fc1Rows(), d, table);
        Bf16Weight fc2 = Bf16Weight.load(w, n[6], d, c.ffnHidden(), table);
        return new DitLinears(qkv::apply, kv::apply, proj::apply, fc1::apply, fc2::apply);
    }

    /** Float32 as nano's files hold them: q, k, v, qx joined in one matrix, and the k and v rows in another. */
    private static DitLinears floats(DitConfig c, WeightFile w, NDManager m, String[] n) {
        int d = c.hidden();
        int qDim = c.heads() * c.headDim();
        int kDim = c.groups() * c.headDim();
        float[] q = w.floats(n[0], qDim, d);
        float[] k = w.floats(n[1], kDim, d);
        float[] v = w.floats(n[2], kDim, d);
        float[] qx = w.floats(n[3], qDim, d);
        float[] all = new float[(2 * qDim + 2 * kDim) * d];
        System.arraycopy(q, 0, all, 0, q.length);
        System.arraycopy(k, 0, all, q.length, k.length);
        System.arraycopy(v, 0, all, q.length + k.length, v.length);
        System.arraycopy(qx, 0, all, q.length + k.length + v.length, qx.length);
        NDArray qkvW = Ops.floats(m, all, 2L * qDim + 2L * kDim, d);
        float[] kvRows = new float[2 * kDim * d];
        System.arraycopy(all, q.length, kvRows, 0, kvRows.length);
        NDArray kvW = Ops.floats(m, kvRows, 2L * kDim, d);
        NDArray projW = Ops.floats(m, DitLayer.interleaved(w.floats(n[4], d, 2 * qDim), d, 2 * qDim, c.projInterleave()),
                d, 2L * qDim);
        NDArray fc1W = DitLayer.matrix(w, m, n[5], c.fc1Rows(), d);
        NDArray fc2W = DitLayer.matrix(w, m, n[6], d, c.ffnHidden());
        return new DitLinears(x -> Ops.linear(x, qkvW, null), x -> Ops.linear(x, kvW, null), x -> Ops.linear(x, projW, null),
                x -> Ops.linear(x, fc1W, null), x -> Ops.linear(x, fc2W, null));
    }
}
