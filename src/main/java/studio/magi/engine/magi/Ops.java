package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The network operations the MAGI modules are made of, each one libtorch call where possible. */
final class Ops {
    private Ops() {
    }

    /** x W^T + b, W as PyTorch stores it ([out, in]); b may be null. */
    static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
    }

    static NDArray layerNorm(NDArray x, NDArray gain, NDArray bias, double eps) {
        return x.getNDArrayInternal().layerNorm(x, new Shape(x.getShape().tail()), gain, bias, (float) eps).singletonOrThrow();
    }

    /** GELU with the exact erf, as torch.nn.functional.gelu. */
    static NDArray gelu(NDArray x) {
        return x.getNDArrayInternal().gelu();
    }

    static NDArray silu(NDArray x) {
        return x.mul(x.getNDArrayInternal().sigmoid());
    }

    /**
     * The gated linear unit's activation (flashinfer's silu_and_mul, the 24B's MLP): x [..., 2F] -> SiLU(x[..., :F]) x
     * x[..., F:]. One new array of F values: the halves are views and the products are taken in place.
     */
    static NDArray siluAndMul(NDArray x) {
        NDList halves = x.split(2, x.getShape().dimension() - 1);
        NDArray gate = halves.get(0);
        return gate.getNDArrayInternal().sigmoid().muli(gate).muli(halves.get(1));
    }

    /** A 2-D convolution with stride 1 and "same" padding. */
    static NDArray conv2d(NDArray x, NDArray w, NDArray b) {
        long k = w.getShape().get(2);
        long pad = k / 2;
        return x.getNDArrayInternal().convolution(x, w, b, new Shape(1, 1), new Shape(pad, pad), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    /** Each value rounded to the nearest bfloat16 (ties to even), in place; NaN and infinities kept. */
    static float[] bf16(float[] values) {
        for (int i = 0; i < values.length; i++) {
            int bits = Float.floatToRawIntBits(values[i]);
            if ((bits & 0x7F800000) != 0x7F800000) {
                bits = (bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF0000;
            }
            values[i] = Float.intBitsToFloat(bits);
        }
        return values;
    }

    static NDArray concat(int axis, NDArray... parts) {
        return NDArrays.concat(new NDList(parts), axis);
    }

    /**
     * A float array of the given shape on the manager's device, in libtorch's own memory. (DJL would wrap a new direct
     * buffer that lives until the next garbage collection; arrays made every step would pile up natively between
     * collections. One staging buffer per thread is reused instead.)
     */
    static NDArray floats(NDManager manager, float[] values, long... shape) {
        ByteBuffer view = staging(values.length * Float.BYTES);
        view.asFloatBuffer().put(values);
        try (NDArray alias = manager.create(view, new Shape(shape), DataType.FLOAT32)) {
            return alias.duplicate();
        }
    }

    /** Bytes as a UINT8 array of the given shape on the manager's device, in libtorch's own memory (as {@link #floats}). */
    static NDArray bytes(NDManager manager, ByteBuffer values, long... shape) {
        ByteBuffer view = staging(values.remaining());
        view.put(values.duplicate()).flip();
        try (NDArray alias = manager.create(view, new Shape(shape), DataType.UINT8)) {
            return alias.duplicate();
        }
    }

    /** This thread's staging buffer, at least {@code bytes} long, as a view of exactly that many bytes. */
    private static ByteBuffer staging(int bytes) {
        ByteBuffer staging = STAGING.get();
        if (staging.capacity() < bytes) {
            staging = ByteBuffer.allocateDirect(Math.max(bytes, 2 * staging.capacity())).order(ByteOrder.nativeOrder());
            STAGING.set(staging);
        }
        ByteBuffer view = staging.duplicate().order(ByteOrder.nativeOrder());
        view.clear().limit(bytes);
        return view;
    }

    private static final ThreadLocal<ByteBuffer> STAGING =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder()));
}
