package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The 3-D rotary embedding of one pass, as multipliers: rotating a head vector x is x * cos + swap(x) * sin, where
 * swap exchanges the two rotated halves (done by a permutation matrix) and the tables hold [cos, cos, 1] and
 * [-sin, sin, 0] per token. The query tables also carry the attention scale 1/sqrt(head_dim).
 */
record RopeTables(NDArray queryCos, NDArray querySin, NDArray keyCos, NDArray keySin) {

    /**
     * Positions (t, y, x) per token for chunks of {@code frames} latent frames of h x w tokens: t the absolute latent
     * frame, y and x centred and stretched as if the grid were refGrid x refGrid (the reference's ref_feat_shape).
     * Returns cos and sin [tokens, 3 * bands], in the order (axis, band).
     */
    static float[][] angles(int[] chunkNumbers, int frames, int h, int w, int refGrid, float[] bands) {
        double rescale = Math.sqrt(h * w / (double) (refGrid * refGrid));
        float[] ys = axis(h, rescale);
        float[] xs = axis(w, rescale);
        int nb = bands.length;
        int r = 3 * nb;
        int tokens = chunkNumbers.length * frames * h * w;
        float[] cos = new float[tokens * r];
        float[] sin = new float[tokens * r];
        int i = 0;
        for (int chunk : chunkNumbers) {
            for (int f = 0; f < frames; f++) {
                float t = (float) (chunk * frames + f);
                for (float y : ys) {
                    for (float x : xs) {
                        float[] pos = {t, y, x};
                        for (int a = 0; a < 3; a++) {
                            for (int b = 0; b < nb; b++) {
                                float angle = pos[a] * bands[b];
                                cos[i * r + a * nb + b] = (float) Math.cos(angle);
                                sin[i * r + a * nb + b] = (float) Math.sin(angle);
                            }
                        }
                        i++;
                    }
                }
            }
        }
        return new float[][] {cos, sin};
    }

    private static float[] axis(int n, double rescale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            float p = (float) i - (float) ((n - 1) / 2.0);
            if (n > 1) {
                p = p / (float) (n - 1) * (float) (n / rescale - 1);
            }
            v[i] = p;
        }
        return v;
    }

    /** Tables [tokens, 1, headDim] from cos and sin [tokens, r] (r rotated pairs), on the manager's device. */
    static RopeTables of(NDManager m, float[] cos, float[] sin, int r, int headDim, float queryScale) {
        int tokens = cos.length / r;
        float[] c = new float[tokens * headDim];
        float[] s = new float[tokens * headDim];
        for (int n = 0; n < tokens; n++) {
            for (int j = 0; j < headDim; j++) {
                int o = n * headDim + j;
                if (j < r) {
                    c[o] = cos[n * r + j];
                    s[o] = -sin[n * r + j];
                } else if (j < 2 * r) {
                    c[o] = cos[n * r + j - r];
                    s[o] = sin[n * r + j - r];
                } else {
                    c[o] = 1f;
                    s[o] = 0f;
                }
            }
        }
        float[] qc = new float[c.length];
        float[] qs = new float[s.length];
        for (int i = 0; i < c.length; i++) {
            qc[i] = c[i] * queryScale;
            qs[i] = s[i] * queryScale;
        }
        return new RopeTables(Ops.floats(m, qc, tokens, 1, headDim), Ops.floats(m, qs, tokens, 1, headDim),
                Ops.floats(m, c, tokens, 1, headDim), Ops.floats(m, s, tokens, 1, headDim));
    }

    /** The permutation matrix [headDim, headDim] that swaps dimensions [0, r) and [r, 2r): (x @ P)[j] = x[swap(j)]. */
    static float[] swap(int r, int headDim) {
        float[] p = new float[headDim * headDim];
        for (int j = 0; j < headDim; j++) {
            int from = j < r ? j + r : j < 2 * r ? j - r : j;
            p[from * headDim + j] = 1f;
        }
        return p;
    }
}
