package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference's special caption tokens (example/assets/special_tokens.npz, read by prompt_process.py), as its
 * example run scripts use them (PAD_HQ=1, PAD_DURATION=1): before each chunk's caption the quality token, and before
 * that the chunk's duration token, DURATION_TOKEN_n for n = min(chunks left, this one included, 8); the caption is
 * then cut to its length. The embeddings are rounded to float16 as the reference stores them.
 */
final class SpecialTokens {
    private static final int HQ = 1;
    private static final int FIRST_DURATION = 7;
    static final int DURATIONS = 8;

    private final float[][] rows;

    private SpecialTokens(float[][] rows) {
        this.rows = rows;
    }

    static SpecialTokens read(Path npz, int channels, NDManager manager) {
        NDList arrays;
        try (InputStream in = Files.newInputStream(npz); NDManager scope = manager.newSubManager()) {
            arrays = NDList.decode(scope, in);
            NDArray other = null;
            for (NDArray a : arrays) {
                if (a.getName() != null && a.getName().startsWith("other_tokens")) {
                    other = a;
                }
            }
            int need = FIRST_DURATION + DURATIONS;
            if (other == null || other.getShape().dimension() != 2 || other.getShape().get(0) < need
                    || other.getShape().get(1) != channels) {
                throw new CheckpointException(npz + ": needs other_tokens of [at least " + need + ", " + channels
                        + "] (the quality and duration tokens), has " + (other == null ? "none" : other.getShape()));
            }
            double[] values = other.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
            float[][] rows = new float[need][channels];
            for (int r = 0; r < need; r++) {
                for (int i = 0; i < channels; i++) {
                    rows[r][i] = half(values[r * channels + i]);
                }
            }
            return new SpecialTokens(rows);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CheckpointException c) {
                throw c;
            }
            throw new CheckpointException(npz + ": not a readable special-token file (" + e.getMessage() + ")", e);
        }
    }

    /** The float16 value nearest to v (ties to even), as numpy's astype(np.float16). */
    static float half(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return (float) v;
        }
        double a = Math.abs(v);
        if (a >= 65520) {
            return (float) Math.copySign(Double.POSITIVE_INFINITY, v);
        }
        int e = Math.max(Math.getExponent(a), -14);
        double ulp = Math.scalb(1.0, e - 10);
        return (float) Math.copySign(Math.rint(a / ulp) * ulp, v);
    }

    /** [duration, quality, caption...] cut to {@code length} rows: [length, C], and its mask. */
    ReferenceSampler.Caption prepend(NDArray caption, float[] mask, int chunksLeft, int length) {
        int channels = rows[0].length;
        float[] tokens = new float[2 * channels];
        System.arraycopy(rows[FIRST_DURATION + Math.min(chunksLeft, DURATIONS) - 1], 0, tokens, 0, channels);
        System.arraycopy(rows[HQ], 0, tokens, channels, channels);
        NDArray front = Ops.floats(caption.getManager(), tokens, 2, channels);
        NDArray joined = Ops.concat(0, front, caption);
        NDArray cut = joined.get("0:" + length);
        float[] m = new float[length];
        m[0] = 1f;
        m[1] = 1f;
        System.arraycopy(mask, 0, m, 2, Math.min(mask.length, length - 2));
        return new ReferenceSampler.Caption(cut, m);
    }
}
