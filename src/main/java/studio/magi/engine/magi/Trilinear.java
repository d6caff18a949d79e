package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;

/**
 * torch.nn.functional.interpolate(mode="trilinear", align_corners=False) of a [T, H, W, D] grid of vectors, as one
 * interpolation matrix per axis (the reference resizes its VAE's position embeddings this way for other tile sizes).
 */
final class Trilinear {
    private Trilinear() {
    }

    /** grid [T, H, W, D] -> [t, h, w, D]. */
    static NDArray resize(NDArray grid, int t, int h, int w) {
        long[] s = grid.getShape().getShape();
        NDArray x = along(grid, 0, (int) s[0], t);
        x = along(x, 1, (int) s[1], h);
        return along(x, 2, (int) s[2], w);
    }

    private static NDArray along(NDArray x, int axis, int in, int out) {
        if (in == out) {
            return x;
        }
        NDArray m = Ops.floats(x.getManager(), weights(in, out), out, in);
        NDArray moved = x.swapAxes(0, axis);
        long[] shape = moved.getShape().getShape();
        NDArray flat = m.matMul(moved.reshape(in, -1));
        shape[0] = out;
        return flat.reshape(shape).swapAxes(0, axis);
    }

    /**
     * Row o holds the weights of the inputs for output o: the source position scale * (o + 0.5) - 0.5 (at least 0),
     * its floor and the next (the last repeats), weighted by distance; scale = in / out in float, as torch computes it.
     */
    static float[] weights(int in, int out) {
        float[] m = new float[out * in];
        float scale = (float) in / out;
        for (int o = 0; o < out; o++) {
            float src = Math.max(scale * (o + 0.5f) - 0.5f, 0f);
            int i0 = (int) src;
            int i1 = i0 + (i0 < in - 1 ? 1 : 0);
            float l1 = src - i0;
            m[o * in + i0] += 1f - l1;
            m[o * in + i1] += l1;
        }
        return m;
    }
}
