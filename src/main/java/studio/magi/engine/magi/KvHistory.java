package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import studio.magi.engine.VideoModel;

/** Cached chunks joined per layer, [1, G, chunks * T, hd], with the chunk number of each chunk in order. */
final class KvHistory implements VideoModel.History {
    final int[] chunkNumbers;
    final NDArray[] keys;
    final NDArray[] values;

    KvHistory(int[] chunkNumbers, NDArray[] keys, NDArray[] values) {
        this.chunkNumbers = chunkNumbers;
        this.keys = keys;
        this.values = values;
    }

    @Override
    public void close() {
        for (int i = 0; i < keys.length; i++) {
            keys[i].close();
            values[i].close();
        }
    }
}
