package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * The T5-style text encoder: token embedding, pre-norm (RMS) attention with a learned relative-position bias shared
 * by the layers, a GELU feed-forward, a final RMS norm.
 */
final class TextEncoder {
    private static final double EPS = 1e-6;

    private final TextConfig config;
    private final NDArray embed;
    private final NDArray positionBias;
    private final Layer[] layers;
    private final NDArray finalNorm;

    private record Layer(NDArray attnNorm, NDArray q, NDArray k, NDArray v, NDArray o, NDArray ffnNorm, NDArray wi,
            NDArray wo) {
    }

    TextEncoder(TextConfig c, WeightFile w, NDManager m) {
        config = c;
        int d = c.hidden();
        embed = Ops.floats(m, w.floats("embed.weight", c.vocabSize(), d), c.vocabSize(), d);
        float[] table = w.floats("relative_attention_bias.weight", c.buckets(), c.heads());
        int n = c.captionLength();
        float[] bias = new float[c.heads() * n * n];
        for (int q = 0; q < n; q++) {
            for (int k = 0; k < n; k++) {
                int bucket = relativeBucket(k - q, c.buckets(), c.maxDistance());
                for (int h = 0; h < c.heads(); h++) {
                    bias[(h * n + q) * n + k] = table[bucket * c.heads() + h];
                }
            }
        }
        positionBias = Ops.floats(m, bias, 1, c.heads(), n, n);
        layers = new Layer[c.layers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "layers." + i + ".";
            layers[i] = new Layer(vector(w, m, p + "attn_norm.weight", d), matrix(w, m, p + "q.weight", d, d),
                    matrix(w, m, p + "k.weight", d, d), matrix(w, m, p + "v.weight", d, d), matrix(w, m, p + "o.weight", d, d),
                    vector(w, m, p + "ffn_norm.weight", d), matrix(w, m, p + "wi.weight", c.ffnHidden(), d),
                    matrix(w, m, p + "wo.weight", d, c.ffnHidden()));
        }
        finalNorm = vector(w, m, "final_norm.weight", d);
    }

    private static NDArray matrix(WeightFile w, NDManager m, String name, int rows, int cols) {
        return Ops.floats(m, w.floats(name, rows, cols), rows, cols);
    }

    private static NDArray vector(WeightFile w, NDManager m, String name, int n) {
        return Ops.floats(m, w.floats(name, n), n);
    }

    /** T5's bidirectional bucketing of a relative position (key - query). */
    static int relativeBucket(int relative, int numBuckets, int maxDistance) {
        int half = numBuckets / 2;
        int bucket = relative > 0 ? half : 0;
        int n = Math.abs(relative);
        int maxExact = half / 2;
        if (n < maxExact) {
            return bucket + n;
        }
        float ratio = (float) Math.log((float) Math.max(n, 1) / maxExact);
        int large = maxExact + (int) (ratio / (float) Math.log((double) maxDistance / maxExact) * (half - maxExact));
        return bucket + Math.min(large, half - 1);
    }

    /** ids [B, L] (int64) and mask [B, L] (1 = token) -> [B, L, D]; padding is masked out of attention. */
    NDArray encode(NDArray ids, NDArray mask) {
        try (NDScope scope = new NDScope()) {
            long b = ids.getShape().get(0);
            long n = ids.getShape().get(1);
            int heads = config.heads();
            int d = config.hidden();
            NDArray x = ids.getNDArrayInternal().embedding(ids, embed, ai.djl.ndarray.types.SparseFormat.DENSE)
                    .singletonOrThrow();
            NDArray padding = mask.reshape(b, 1, 1, n).neg().add(1f).mul(-1e9f);
            NDArray bias = padding.add(positionBias);
            float scale = (float) (1.0 / Math.sqrt((double) d / heads));
            for (Layer l : layers) {
                NDArray h = rmsNorm(x, l.attnNorm);
                NDArray q = Ops.linear(h, l.q, null).reshape(b, n, heads, d / heads).transpose(0, 2, 1, 3);
                NDArray k = Ops.linear(h, l.k, null).reshape(b, n, heads, d / heads).transpose(0, 2, 3, 1);
                NDArray v = Ops.linear(h, l.v, null).reshape(b, n, heads, d / heads).transpose(0, 2, 1, 3);
                NDArray attn = q.matMul(k).mul(scale).add(bias).softmax(-1).matMul(v);
                x = x.add(Ops.linear(attn.transpose(0, 2, 1, 3).reshape(b, n, d), l.o, null));
                x = x.add(Ops.linear(Ops.gelu(Ops.linear(rmsNorm(x, l.ffnNorm), l.wi, null)), l.wo, null));
            }
            NDArray out = rmsNorm(x, finalNorm);
            NDScope.unregister(out);
            return out;
        }
    }

    private static NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray meanSquare = x.mul(x).mean(new int[] {-1}, true);
        return x.mul(meanSquare.add((float) EPS).pow(-0.5f)).mul(weight);
    }
}
