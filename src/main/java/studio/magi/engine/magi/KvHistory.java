package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import studio.magi.engine.VideoModel;

/**
 * Cached chunks for later passes: per layer and chunk, in chunk order, its keys and values [1, G, T, hd], with the
 * chunk number of each. They alias the cached chunks' tensors rather than copy them (libtorch frees the memory when
 * the last handle goes), so the cache is held once however many histories are made of it, and a history outlives
 * the chunks it was made of.
 */
final class KvHistory implements VideoModel.History {
    final int[] chunkNumbers;
    final NDArray[][] keys;
    final NDArray[][] values;

    KvHistory(int[] chunkNumbers, NDArray[][] keys, NDArray[][] values) {
        this.chunkNumbers = chunkNumbers;
        this.keys = keys;
        this.values = values;
    }

    /** A second handle to the same memory. */
    static NDArray alias(NDArray a) {
        return a.reshape(a.getShape());
    }

    @Override
    public void close() {
        for (int l = 0; l < keys.length; l++) {
            for (int i = 0; i < keys[l].length; i++) {
                keys[l][i].close();
                values[l][i].close();
            }
        }
    }
}
