package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A plain pre-norm transformer block (the VAEs'): LayerNorm, attention, residual; LayerNorm, GELU MLP, residual. Nano's
 * names its MLP {@code fc1}/{@code fc2} with LayerNorm eps 1e-6; the reference's ViTVAE {@code mlp.fc1}/{@code mlp.fc2}
 * with torch's default 1e-5, and may leave out the qkv bias.
 */
final class VitBlock {
    private final double eps;
    private final boolean bf16Attention;
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
        this(w, m, prefix, "", dim, heads, 4 * dim, 1e-6, true, false);
    }

    /**
     * {@code bf16Attention}: q, k and v rounded to bf16 before the attention, as the reference's VAE does whatever the
     * dtype of its weights (vae_module.py: {@code flash_attn_qkvpacked_func(qkv=qkv.bfloat16())}).
     */
    VitBlock(WeightFile w, NDManager m, String prefix, String mlp, int dim, int heads, int hidden, double eps, boolean qkvBias,
            boolean bf16Attention) {
        this.heads = heads;
        this.eps = eps;
        this.bf16Attention = bf16Attention;
        norm1W = vector(w, m, prefix + "norm1.weight", dim);
        norm1B = vector(w, m, prefix + "norm1.bias", dim);
        qkvW = Ops.floats(m, w.floats(prefix + "attn.qkv.weight", 3L * dim, dim), 3L * dim, dim);
        qkvB = qkvBias ? vector(w, m, prefix + "attn.qkv.bias", 3 * dim) : null;
        projW = Ops.floats(m, w.floats(prefix + "attn.proj.weight", dim, dim), dim, dim);
        projB = vector(w, m, prefix + "attn.proj.bias", dim);
        norm2W = vector(w, m, prefix + "norm2.weight", dim);
        norm2B = vector(w, m, prefix + "norm2.bias", dim);
        fc1W = Ops.floats(m, w.floats(prefix + mlp + "fc1.weight", hidden, dim), hidden, dim);
        fc1B = vector(w, m, prefix + mlp + "fc1.bias", hidden);
        fc2W = Ops.floats(m, w.floats(prefix + mlp + "fc2.weight", dim, hidden), dim, hidden);
        fc2B = vector(w, m, prefix + mlp + "fc2.bias", dim);
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
        NDArray qkv = Ops.linear(Ops.layerNorm(x, norm1W, norm1B, eps), qkvW, qkvB).reshape(b, n, 3, heads, dh)
                .transpose(2, 0, 3, 1, 4);
        if (bf16Attention) {
            qkv = Ops.floats(qkv.getManager(), Ops.bf16(qkv.toFloatArray()), qkv.getShape().getShape());
        }
        NDArray q = qkv.get(0);
        NDArray k = qkv.get(1);
        NDArray v = qkv.get(2);
        float scale = (float) (1.0 / Math.sqrt(dh));
        NDArray attn = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).softmax(-1).matMul(v);
        x = x.add(Ops.linear(attn.transpose(0, 2, 1, 3).reshape(b, n, d), projW, projB));
        return x.add(Ops.linear(Ops.gelu(Ops.linear(Ops.layerNorm(x, norm2W, norm2B, eps), fc1W, fc1B)), fc2W, fc2B));
    }
}
