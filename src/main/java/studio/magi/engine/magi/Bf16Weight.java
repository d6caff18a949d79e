package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * A bf16 weight [out, in] kept on the device as stored: each value's two bytes, little-endian as in the file
 * (UINT8 [rows, in, 2]), widened to float32 only for a product, a block of rows at a time, through a table of the
 * 65,536 bf16 values (bf16 bits b are the float32 of bits b << 16: the widening is exact). DJL's bf16 and int16
 * arrays abort the process on this engine's libtorch, so the bytes are held as UINT8 and the table is indexed by
 * (high byte, low byte).
 *
 * <p>The rows may lie in several arrays (segments): stacking weights ({@link #stack}) shares their bytes instead of
 * copying them, so the layer's q, k, v and qx and the cache's k and v, or every layer's adaLN weights, are held once.
 * A block is rows of the whole, whichever segments they lie in: a weight of one block gives the float32 matrix's
 * product to the bit.
 */
final class Bf16Weight implements Linear {
    static final long BLOCK = BlockProduct.BLOCK;
    /** Device bytes a block's widening holds: its int64 byte pairs and its float32 values. */
    static final long WIDENING_BYTES = BLOCK * (2 * Long.BYTES + Float.BYTES);
    private static final float[] VALUES = values();

    private final List<NDArray> segments;
    private final NDArray table;
    private final long rows;
    private final long columns;

    private Bf16Weight(List<NDArray> segments, NDArray table, long columns) {
        this.segments = List.copyOf(segments);
        this.table = table;
        this.columns = columns;
        this.rows = segments.stream().mapToLong(s -> s.getShape().get(0)).sum();
    }

    /** The float32 value of each bf16 bit pattern, [high byte, low byte], on the manager's device; one per model. */
    static NDArray table(NDManager m) {
        return Ops.floats(m, VALUES, 256, 256);
    }

    /** Whether any of the file's tensors is stored as bf16 (and so the model needs the {@link #table}). */
    static boolean anyStored(WeightFile w) {
        return w.names().stream().anyMatch(n -> w.entry(n).type() == TensorType.BF16);
    }

    /** Whether every named tensor is stored as bf16 (and so can be held as stored). */
    static boolean stored(WeightFile w, String... names) {
        for (String name : names) {
            if (w.entry(name).type() != TensorType.BF16) {
                return false;
            }
        }
        return true;
    }

    /** A BF16 tensor [rows, cols] (checked) onto the table's device. */
    static Bf16Weight load(WeightFile w, String name, long rows, long cols, NDArray table) {
        return of(w.bf16(name, rows, cols), rows, cols, table);
    }

    /** bf16 bytes as stored, [rows, cols] values, onto the table's device. */
    static Bf16Weight of(java.nio.ByteBuffer bytes, long rows, long cols, NDArray table) {
        return new Bf16Weight(List.of(Ops.bytes(table.getManager(), bytes, rows, cols, 2)), table, cols);
    }

    /** The weights' rows one after another (no copy): one product for what were several. */
    static Bf16Weight stack(List<Bf16Weight> parts) {
        List<NDArray> all = new ArrayList<>();
        for (Bf16Weight p : parts) {
            if (p.columns != parts.get(0).columns) {
                throw new IllegalArgumentException("stacked weights differ in width: " + p.columns + " and " + parts.get(0).columns);
            }
            all.addAll(p.segments);
        }
        return new Bf16Weight(all, parts.get(0).table, parts.get(0).columns);
    }

    /** Rows [from, to), views of the segments (no copy). */
    private Bf16Weight rows(long from, long to) {
        List<NDArray> out = new ArrayList<>();
        long start = 0;
        for (NDArray s : segments) {
            long n = s.getShape().get(0);
            long a = Math.max(from, start);
            long b = Math.min(to, start + n);
            if (a < b) {
                out.add(a == start && b == start + n ? s : s.get(new NDIndex().addSliceDim(a - start, b - start)));
            }
            start += n;
        }
        return new Bf16Weight(out, table, columns);
    }

    @Override
    public NDArray apply(NDArray x) {
        return apply(x, null, BLOCK);
    }

    @Override
    public NDArray apply(NDArray x, NDArray bias) {
        return apply(x, bias, BLOCK);
    }

    /** x [..., in] -> x W^T (+ bias) [..., out], widened {@code block} weights at a time ({@link BlockProduct}). */
    NDArray apply(NDArray x, NDArray bias, long block) {
        return BlockProduct.of(x, rows, columns, block, bias, this::widen);
    }

    /** Rows [from, to) as float32 [to - from, in]. */
    private NDArray widen(long from, long to) {
        NDArray w;
        try (NDScope scope = new NDScope()) {
            NDList parts = new NDList();
            for (NDArray s : rows(from, to).segments) {
                NDArray pairs = s.toType(DataType.INT64, false);
                parts.add(table.get(new NDIndex("{}, {}", pairs.get("..., 1"), pairs.get("..., 0"))));
            }
            w = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
            NDScope.unregister(w);
        }
        NDScope.register(w);
        return w;
    }

    private static float[] values() {
        float[] out = new float[1 << 16];
        for (int bits = 0; bits < out.length; bits++) {
            out[bits] = Float.intBitsToFloat(bits << 16);
        }
        return out;
    }
}
