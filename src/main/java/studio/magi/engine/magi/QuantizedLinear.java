package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * An fp8 linear of the reference (dit_module.py's PerTensorQuantizedFp8Linear and PerChannelQuantizedFp8Linear), as
 * its code computes it: the input divided by input_scale (per tensor) or smooth_scale (per channel), clamped to
 * +-448, rounded to bf16, then to e4m3 (div_clamp_to); the product with the e4m3 weight in float32, times the
 * first input_scale and weight_scale (bmm_fp8: cuBLASLt reads one float per scale). The weight stays on the device
 * as its one-byte codes and is widened to float32 only for the product, one linear at a time.
 */
final class QuantizedLinear implements AutoCloseable {
    static final float E4M3_MAX = 448f;
    /** The most weights widened at once: 4 MiB of float32 and 8 MiB of indices. */
    static final long BLOCK = BlockProduct.BLOCK;
    private static final float[] TABLE = e4m3Values();

    private final NDArray codes;
    private final NDArray table;
    private final NDArray divisor;
    private final float inputScale;
    private final float weightScale;

    private QuantizedLinear(NDArray codes, NDArray table, NDArray divisor, float inputScale, float weightScale) {
        this.codes = codes;
        this.table = table;
        this.divisor = divisor;
        this.inputScale = inputScale;
        this.weightScale = weightScale;
    }

    /**
     * {@code base}.weight [1, out, in] e4m3, .weight_scale [1], .input_scale ([in] or [1] per tensor, [1] per
     * channel), and per channel .smooth_scale [1, in]. {@code groups} above 1 reorders the input columns as
     * {@link DitLayer#interleaved} does linear_proj's float weight.
     */
    static QuantizedLinear load(WeightFile w, String base, int out, int in, boolean perChannel, int groups, NDManager m) {
        byte[] raw = w.codes(base + ".weight", 1, out, in);
        float weightScale = w.floats(base + ".weight_scale", 1)[0];
        float[] input = w.has(base + ".input_scale") && w.entry(base + ".input_scale").elements() == in
                ? w.floats(base + ".input_scale", in) : w.floats(base + ".input_scale", 1);
        float[] divisor = perChannel ? w.floats(base + ".smooth_scale", 1, in) : input;
        if (groups > 1) { // the same column order as the float weight's, for linear_proj
            float[] index = new float[in];
            for (int i = 0; i < in; i++) {
                index[i] = i;
            }
            int[] order = toInts(DitLayer.interleaved(index, 1, in, groups));
            raw = permute(raw, out, in, order);
            if (divisor.length == in) {
                divisor = permute(divisor, order);
            }
        }
        NDArray codes = m.create(java.nio.ByteBuffer.wrap(raw), new Shape(out, in), DataType.UINT8);
        NDArray table = Ops.floats(m, TABLE, TABLE.length);
        return new QuantizedLinear(codes, table, Ops.floats(m, divisor, divisor.length), input[0], weightScale);
    }

    /**
     * x [..., in] -> [..., out]. The weight is widened a block of rows at a time (each block's float32 values and
     * their int64 indices, at most {@link #BLOCK} weights), and freed before the next.
     */
    NDArray apply(NDArray x) {
        return apply(x, BLOCK);
    }

    NDArray apply(NDArray x, long block) {
        NDArray y;
        try (NDScope scope = new NDScope()) {
            NDArray a = roundToE4m3(roundToBf16(x.div(divisor).clip(-E4M3_MAX, E4M3_MAX)));
            y = BlockProduct.of(a, codes.getShape().get(0), codes.getShape().get(1), block, null, this::widen)
                    .mul(inputScale).mul(weightScale);
            NDScope.unregister(y);
        }
        NDScope.register(y);
        return y;
    }

    /** Rows [from, to) of the weight as the codes' e4m3 values, float32. */
    private NDArray widen(long from, long to) {
        try (NDArray c = codes.get(new ai.djl.ndarray.index.NDIndex().addSliceDim(from, to));
                NDArray index = c.toType(DataType.INT64, false)) {
            return table.take(codes.getManager(), index);
        }
    }

    /**
     * bf16 rounding (nearest, ties to even) of values within +-448, as far as the e4m3 rounding after it can tell:
     * exact from 2^-11 up; below, where e4m3 gives 0 either way, with the quantum of 2^-11. (DJL's bf16 conversion
     * aborts the process here, so it is computed.)
     */
    static NDArray roundToBf16(NDArray v) {
        return roundToGrid(v, 7, -11);
    }

    /** The nearest e4m3 value, ties to the even code, of values within +-448 (subnormals below 2^-6). */
    static NDArray roundToE4m3(NDArray v) {
        return roundToGrid(v, 3, -6);
    }

    /**
     * Rounds values within +-448 to a binary grid of {@code mantissa} bits: the quantum of [2^e, 2^(e+1)) is
     * 2^(e - mantissa), below 2^(lowest + 1) that of 2^lowest; a division by a power of two and torch's round (half
     * to even) are exact.
     */
    private static NDArray roundToGrid(NDArray v, int mantissa, int lowest) {
        try (NDArray mag = v.abs()) {
            NDArray quantum = mag.onesLike().muli((float) Math.scalb(1.0, lowest - mantissa));
            for (int e = lowest + 1; e <= 8; e++) { // doubled once per power of two reached: two arrays at a time
                try (NDArray reached = mag.gte((float) Math.scalb(1.0, e)); NDArray factor = reached.toType(DataType.FLOAT32, false)) {
                    quantum.muli(factor.addi(1f));
                }
            }
            try (NDArray ratio = v.div(quantum)) {
                NDArray out = ratio.round().muli(quantum);
                quantum.close();
                return out;
            }
        }
    }

    /** Each code's value: sign, 4 exponent bits (bias 7), 3 mantissa bits; 0x7f and 0xff (NaN) as 0. */
    private static float[] e4m3Values() {
        float[] out = new float[256];
        for (int code = 0; code < 256; code++) {
            int exp = (code >> 3) & 0xF;
            int man = code & 7;
            double v = exp == 0xF && man == 7 ? 0 : exp == 0 ? man / 8.0 * Math.scalb(1.0, -6)
                    : (1 + man / 8.0) * Math.scalb(1.0, exp - 7);
            out[code] = (float) ((code & 0x80) != 0 ? -v : v);
        }
        return out;
    }

    private static int[] toInts(float[] f) {
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (int) f[i];
        }
        return out;
    }

    /** Column j of the result is column order[j] of the input. */
    private static byte[] permute(byte[] m, int rows, int cols, int[] order) {
        byte[] out = new byte[m.length];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                out[r * cols + j] = m[r * cols + order[j]];
            }
        }
        return out;
    }

    private static float[] permute(float[] v, int[] order) {
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = v[order[j]];
        }
        return out;
    }

    /** Bytes this linear holds on the device: its codes (one a weight) and scales. */
    long deviceBytes() {
        return codes.size() + 4L * divisor.size() + 4L * table.size();
    }

    @Override
    public void close() {
        codes.close();
        table.close();
        divisor.close();
    }
}
