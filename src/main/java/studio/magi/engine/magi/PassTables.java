package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rotary tables and attention masks of recent passes, kept on the model's device: a chunk goes through several
 * passes with the same chunks beside it, and a mask depends only on where the chunks stand relative to each other.
 * A few entries are kept; the least recently used are closed.
 */
final class PassTables implements AutoCloseable {
    private static final int KEEP = 16;

    private final NDManager manager;
    private final Map<List<Integer>, RopeTables> ropes = lru();
    private final Map<List<Integer>, NDArray> masks = lru();

    PassTables(NDManager manager) {
        this.manager = manager;
    }

    private static <V> Map<List<Integer>, V> lru() {
        return new LinkedHashMap<>(KEEP, 0.75f, true);
    }

    interface RopeMaker {
        RopeTables make(NDManager manager);
    }

    interface MaskMaker {
        float[] make();
    }

    RopeTables rope(List<Integer> key, RopeMaker maker) {
        RopeTables r = ropes.get(key);
        if (r == null) {
            try (NDScope scope = new NDScope()) {
                r = maker.make(manager);
                NDScope.unregister(r.queryCos(), r.querySin(), r.keyCos(), r.keySin());
            }
            ropes.put(key, r);
            if (ropes.size() > KEEP) {
                var oldest = ropes.entrySet().iterator();
                close(oldest.next().getValue());
                oldest.remove();
            }
        }
        return r;
    }

    /** The mask of the key, or null when it masks nothing. */
    NDArray mask(List<Integer> key, long rows, long cols, MaskMaker maker) {
        if (masks.containsKey(key)) {
            return masks.get(key);
        }
        float[] values = maker.make();
        NDArray mask = null;
        for (float v : values) {
            if (v != 0f) {
                try (NDScope scope = new NDScope()) {
                    mask = Ops.floats(manager, values, rows, cols);
                    NDScope.unregister(mask);
                }
                break;
            }
        }
        masks.put(key, mask);
        if (masks.size() > KEEP) {
            var oldest = masks.entrySet().iterator();
            NDArray evicted = oldest.next().getValue();
            if (evicted != null) {
                evicted.close();
            }
            oldest.remove();
        }
        return mask;
    }

    private static void close(RopeTables r) {
        r.queryCos().close();
        r.querySin().close();
        r.keyCos().close();
        r.keySin().close();
    }

    @Override
    public void close() {
        ropes.values().forEach(PassTables::close);
        masks.values().stream().filter(m -> m != null).forEach(NDArray::close);
        ropes.clear();
        masks.clear();
    }
}
