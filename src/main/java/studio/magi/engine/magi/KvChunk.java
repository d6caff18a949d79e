package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import studio.magi.engine.VideoModel;

/** A finished chunk's keys and values per layer, [1, G, T, hd] each (normed and rotated). */
final class KvChunk implements VideoModel.CachedChunk {
    private final int number;
    final NDArray[] keys;
    final NDArray[] values;

    KvChunk(int number, NDArray[] keys, NDArray[] values) {
        this.number = number;
        this.keys = keys;
        this.values = values;
    }

    @Override
    public int chunkNumber() {
        return number;
    }

    @Override
    public void close() {
        for (int i = 0; i < keys.length; i++) {
            keys[i].close();
            values[i].close();
        }
    }
}
