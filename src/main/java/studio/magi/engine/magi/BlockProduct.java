package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * x W^T (+ b) with a weight held in fewer bits than float32 (bf16 bytes, fp8 codes), widened to float32 a block of
 * whole rows at a time: each block's product is written into the output and the block's arrays are freed before the
 * next, so a product holds its output, one block's widened weights and one block's share of the output.
 */
final class BlockProduct {
    /** The most weights widened at once: 4 MiB of float32 and what indexing them takes. */
    static final long BLOCK = 1L << 20;

    /** Rows [from, to) of a weight as float32 [to - from, in]. */
    interface Widening {
        NDArray rows(long from, long to);
    }

    private BlockProduct() {
    }

    /** Rows of a product of {@code in} columns widened at once, at most {@code block} weights and at least one row. */
    static long rowsPerBlock(long in, long block) {
        return Math.max(1, block / in);
    }

    /** x [..., in] -> [..., out]; {@code bias} [out] or null. One block: the product of the whole widened weight. */
    static NDArray of(NDArray x, long out, long in, long block, NDArray bias, Widening weight) {
        long step = Math.min(out, rowsPerBlock(in, block));
        if (step == out) {
            try (NDArray w = weight.rows(0, out)) {
                return Ops.linear(x, w, bias);
            }
        }
        long[] shape = x.getShape().getShape();
        shape[shape.length - 1] = out;
        NDArray y;
        try (NDScope scope = new NDScope()) {
            y = x.getManager().create(new Shape(shape), DataType.FLOAT32);
            for (long from = 0; from < out; from += step) {
                long to = Math.min(out, from + step);
                try (NDScope blockScope = new NDScope()) {
                    NDArray b = bias == null ? null : bias.get(new NDIndex().addSliceDim(from, to));
                    y.set(new NDIndex().addEllipseDim().addSliceDim(from, to), Ops.linear(x, weight.rows(from, to), b));
                }
            }
            NDScope.unregister(y);
        }
        NDScope.register(y);
        return y;
    }
}
