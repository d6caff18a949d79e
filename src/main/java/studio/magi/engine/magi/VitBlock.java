package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** A plain pre-norm transformer block (the VAE's): LayerNorm, attention, residual; LayerNorm, GELU MLP, residual. */
final class VitBlock {
    private static final double EPS = 1e-6;

    private final int heads;
    private final NDArray norm1W;
    private final NDArray norm1B;
    private final NDArray qkvW;
    private final NDArray qkvB;
    private final NDArray projW;
    private final NDArray projB;
    private final NDArray norm2W;
    private final NDArray norm2B;
    private final NDArray fc1W;
    private final NDArray fc1B;
    private final NDArray fc2W;
    private final NDArray fc2B;

    VitBlock(WeightFile w, NDManager m, String prefix, int dim, int heads) {
        this.heads = heads;
        int hidden = 4 * dim;
        norm1W = vector(w, m, prefix + "norm1.weight", dim);
        norm1B = vector(w, m, prefix + "norm1.bias", dim);
        qkvW = Ops.floats(m, w.floats(prefix + "attn.qkv.weight", 3L * dim, dim), 3L * dim, dim);
        qkvB = vector(w, m, prefix + "attn.qkv.bias", 3 * dim);
        projW = Ops.floats(m, w.floats(prefix + "attn.proj.weight", dim, dim), dim, dim);
        projB = vector(w, m, prefix + "attn.proj.bias", dim);
        norm2W = vector(w, m, prefix + "norm2.weight", dim);
        norm2B = vector(w, m, prefix + "norm2.bias", dim);
        fc1W = Ops.floats(m, w.floats(prefix + "fc1.weight", hidden, dim), hidden, dim);
        fc1B = vector(w, m, prefix + "fc1.bias", hidden);
        fc2W = Ops.floats(m, w.floats(prefix + "fc2.weight", dim, hidden), dim, hidden);
        fc2B = vector(w, m, prefix + "fc2.bias", dim);
    }

    private static NDArray vector(WeightFile w, NDManager m, String name, int n) {
        return Ops.floats(m, w.floats(name, n), n);
    }

    /** x [B, N, D] -> [B, N, D]. */
    NDArray forward(NDArray x) {
        long b = x.getShape().get(0);
        long n = x.getShape().get(1);
        long d = x.getShape().get(2);
        long dh = d / heads;
        NDArray qkv = Ops.linear(Ops.layerNorm(x, norm1W, norm1B, EPS), qkvW, qkvB).reshape(b, n, 3, heads, dh)
                .transpose(2, 0, 3, 1, 4);
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        float scale = (float) (1.0 / Math.sqrt(dh));
        NDArray attn = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).softmax(-1).matMul(v);
        x = x.add(Ops.linear(attn.transpose(0, 2, 1, 3).reshape(b, n, d), projW, projB));
        return x.add(Ops.linear(Ops.gelu(Ops.linear(Ops.layerNorm(x, norm2W, norm2B, EPS), fc1W, fc1B)), fc2W, fc2B));
    }
}
