package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference sampler's KV cache (key_value_memory_dict): the clean chunks' keys and values per layer, by chunk
 * number, kept while a later chunk's kv range can still reach them.
 */
final class ReferenceKvCache implements AutoCloseable {
    private final Map<Integer, NDArray[][]> chunks = new TreeMap<>();
    private final int layers;
    private final int reach;

    /** {@code reach}: the most chunks any chunk sees, itself included (the largest kv range). */
    ReferenceKvCache(int layers, int reach) {
        this.layers = layers;
        this.reach = reach;
    }

    /**
     * Keeps chunk {@code number}'s keys and values: tokens [from, from + tokens) of the pass's (dimension 2 of
     * [1, G, T, hd]), and drops chunks no later chunk can see.
     */
    void keep(int number, VideoDit.Output out, long from, long tokens) {
        NDArray[][] kv = new NDArray[2][layers];
        NDIndex rows = new NDIndex().addAllDim(2).addSliceDim(from, from + tokens);
        for (int l = 0; l < layers; l++) {
            kv[0][l] = out.keys()[l].get(rows).duplicate();
            kv[1][l] = out.values()[l].get(rows).duplicate();
            NDScope.unregister(kv[0][l], kv[1][l]);
        }
        close(chunks.put(number, kv));
        int keepFrom = number + 1 - reach;
        chunks.keySet().removeIf(chunk -> {
            if (chunk >= keepFrom) {
                return false;
            }
            close(chunks.get(chunk));
            return true;
        });
    }

    /** The cached chunks before {@code slice}, as a pass's history; null when there are none. */
    KvHistory before(int slice) {
        List<Integer> numbers = new ArrayList<>();
        for (int chunk : chunks.keySet()) {
            if (chunk < slice) {
                numbers.add(chunk);
            }
        }
        if (numbers.isEmpty()) {
            return null;
        }
        NDArray[][] keys = new NDArray[layers][numbers.size()];
        NDArray[][] values = new NDArray[layers][numbers.size()];
        for (int i = 0; i < numbers.size(); i++) {
            for (int l = 0; l < layers; l++) {
                keys[l][i] = chunks.get(numbers.get(i))[0][l];
                values[l][i] = chunks.get(numbers.get(i))[1][l];
            }
        }
        return new KvHistory(numbers.stream().mapToInt(Integer::intValue).toArray(), keys, values);
    }

    private static void close(NDArray[][] kv) {
        if (kv == null) {
            return;
        }
        for (NDArray[] layer : kv) {
            for (NDArray a : layer) {
                a.close();
            }
        }
    }

    @Override
    public void close() {
        chunks.values().forEach(ReferenceKvCache::close);
        chunks.clear();
    }
}
