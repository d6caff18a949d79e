package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import studio.magi.engine.VideoModel;

/**
 * A caption as the DiT uses it, computed once per chunk: every layer's cross-attention keys and values
 * [layers, G, L, hd], the additive mask of its padding [L], and its adaLN vector [Dc] (the "has caption" row, or the
 * null row for the null caption).
 */
final class DitPrompt implements VideoModel.Prompt {
    final NDArray keys;
    final NDArray values;
    final NDArray paddingBias;
    final NDArray adaln;
    private final boolean shared;

    DitPrompt(NDArray keys, NDArray values, NDArray paddingBias, NDArray adaln, boolean shared) {
        this.keys = keys;
        this.values = values;
        this.paddingBias = paddingBias;
        this.adaln = adaln;
        this.shared = shared;
    }

    /** The model's null caption lives as long as the model: closing a render's handle to it keeps it. */
    @Override
    public void close() {
        if (!shared) {
            keys.close();
            values.close();
            paddingBias.close();
            adaln.close();
        }
    }
}
