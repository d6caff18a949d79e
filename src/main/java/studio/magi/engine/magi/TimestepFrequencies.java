package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** The timestep embedder's sinusoid frequencies, nano's and the reference's, which differ in their last ulps. */
final class TimestepFrequencies {
    static final int FREQUENCIES = 256;

    private TimestepFrequencies() {
    }

    /**
     * The timestep embedding's 128 frequencies {@code exp(-ln(10000) * i / 128)}. Nano's: the exponent and the exp in
     * double, rounded once. The reference's ({@code float32}): its TimestepEmbedder's own arithmetic,
     * {@code torch.exp(-math.log(10000) * torch.arange(128, dtype=float32) / 128)} on the CPU: the exponent rounded to
     * float32, then torch's float32 exp on x86, {@link #expf}. Not libtorch's exp here: it differs between builds (the
     * one this engine bundles differs from torch 1.13's in 12 of the 128), and at the distilled step-size embedding's
     * arguments (64 steps: 32 000 radians) one ulp of a frequency moves a tiny model's velocity by 1e-4.
     */
    static NDArray frequencies(NDManager m, boolean float32) {
        int half = FREQUENCIES / 2;
        float[] f = new float[half];
        float scale = (float) -Math.log(10000.0);
        for (int i = 0; i < half; i++) {
            f[i] = float32 ? expf(scale * (float) i / (float) half) : (float) StrictMath.exp(-Math.log(10000.0) * i / half);
        }
        return Ops.floats(m, f, half);
    }

    /**
     * A float32 exp with the algorithm of SLEEF's expf_u10 (Boost Software License 1.0; written here from its
     * description), which torch's vectorized CPU exp of float32 tensors uses on x86: x = q ln 2 + s with q the nearest
     * integer to x / ln 2 and ln 2 in two parts, a degree-5 polynomial in s fused multiply-adds, scaled by 2^q.
     * Deterministic on any CPU; equal to torch 1.13's for all 128 frequencies.
     */
    static float expf(float d) {
        int q = (int) Math.rint(d * 1.442695040888963407359924681001892137426645954152985934135449406931f);
        float s = Math.fma((float) q, -0.693145751953125f, d);
        s = Math.fma((float) q, -1.428606765330187045e-06f, s);
        float u = 0.000198527617612853646278381f;
        u = Math.fma(u, s, 0.00139304355252534151077271f);
        u = Math.fma(u, s, 0.00833336077630519866943359f);
        u = Math.fma(u, s, 0.0416664853692054748535156f);
        u = Math.fma(u, s, 0.166666671633720397949219f);
        u = Math.fma(u, s, 0.5f);
        u = 1f + Math.fma(s * s, u, s);
        u = Math.scalb(u, q);
        if (d < -104f) {
            return 0f;
        }
        return d > 100f ? Float.POSITIVE_INFINITY : u;
    }
}
