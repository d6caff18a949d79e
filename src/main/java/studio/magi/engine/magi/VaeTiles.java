package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference's TileProcessor (tile_parallel.py) on one process, with the settings video_process.py gives it:
 * tiles of {@code height} x {@code width} pixels and {@code frames} frames (fps / 2), neighbouring tiles overlapping
 * by {@code overlap} of a tile in space and not in time; each tile coded on its own, then blended into its upper and
 * left neighbours over the overlap by a linear ramp and cropped. As the reference: decoding blends each tile with its
 * neighbours as they were decoded, encoding with its neighbours as already blended (it blends in place).
 */
record VaeTiles(int height, int width, int frames, double overlap) {
    /** video_process.py's decode_chunk and encode_prefix_video: 256-pixel tiles overlapping by a quarter. */
    static VaeTiles reference(int fps) {
        return new VaeTiles(256, 256, fps / 2, 0.25);
    }

    /** z [B, C, T, H, W] (unscaled) -> pixels [B, 3, T * pT, H * p, W * p]. */
    NDArray decode(ViTVae vae, NDArray z) {
        ViTVaeConfig c = vae.config();
        int[] tile = {frames / c.patchLength(), height / c.patchSize(), width / c.patchSize()};
        int[] step = {tile[0], (int) (tile[1] * (1 - overlap)), (int) (tile[2] * (1 - overlap))};
        int[] out = {tile[0] * c.patchLength(), tile[1] * c.patchSize(), tile[2] * c.patchSize()};
        int[] blend = {0, (int) (out[1] * overlap), (int) (out[2] * overlap)};
        int[] keep = {out[0], out[1] - blend[1], out[2] - blend[2]};
        return run(z, tile, step, blend, keep, vae::decode, false);
    }

    /** pixels [B, 3, T, H, W] in [-1, 1] -> the posterior's mode [B, C, T / pT, H / p, W / p]. */
    NDArray encode(ViTVae vae, NDArray x) {
        ViTVaeConfig c = vae.config();
        int[] tile = {frames, height, width};
        int[] step = {frames, (int) (height * (1 - overlap)), (int) (width * (1 - overlap))};
        int[] latent = {frames / c.patchLength(), height / c.patchSize(), width / c.patchSize()};
        int[] blend = {0, (int) (latent[1] * overlap), (int) (latent[2] * overlap)};
        int[] keep = {latent[0], latent[1] - blend[1], latent[2] - blend[2]};
        return run(x, tile, step, blend, keep, vae::encodeTile, true);
    }

    private static NDArray run(NDArray input, int[] tile, int[] step, int[] blend, int[] keep,
            java.util.function.UnaryOperator<NDArray> code, boolean inPlace) {
        long[] s = input.getShape().getShape();
        int[] n = new int[3];
        for (int a = 0; a < 3; a++) {
            n[a] = (int) ((s[2 + a] + step[a] - 1) / step[a]);
        }
        NDArray[][][] coded = new NDArray[n[0]][n[1]][n[2]];
        for (int f = 0; f < n[0]; f++) {
            for (int i = 0; i < n[1]; i++) {
                for (int j = 0; j < n[2]; j++) {
                    coded[f][i][j] = code.apply(input.get(new NDIndex().addAllDim(2)
                            .addSliceDim((long) f * step[0], Math.min(s[2], (long) f * step[0] + tile[0]))
                            .addSliceDim((long) i * step[1], Math.min(s[3], (long) i * step[1] + tile[1]))
                            .addSliceDim((long) j * step[2], Math.min(s[4], (long) j * step[2] + tile[2]))));
                }
            }
        }
        List<NDArray> times = new ArrayList<>();
        for (int f = 0; f < n[0]; f++) {
            List<NDArray> rows = new ArrayList<>();
            for (int i = 0; i < n[1]; i++) {
                List<NDArray> row = new ArrayList<>();
                for (int j = 0; j < n[2]; j++) {
                    NDArray t = coded[f][i][j];
                    if (i > 0) {
                        t = blend(coded[f][i - 1][j], t, blend[1], 3);
                    }
                    if (j > 0) {
                        t = blend(coded[f][i][j - 1], t, blend[2], 4);
                    }
                    if (inPlace) { // later tiles blend with this one as blended
                        coded[f][i][j] = t;
                    }
                    row.add(t.get(new NDIndex().addAllDim(2).addSliceDim(0, Math.min(keep[0], t.getShape().get(2)))
                            .addSliceDim(0, Math.min(keep[1], t.getShape().get(3)))
                            .addSliceDim(0, Math.min(keep[2], t.getShape().get(4)))));
                }
                rows.add(Ops.concat(4, row.toArray(NDArray[]::new)));
            }
            times.add(Ops.concat(3, rows.toArray(NDArray[]::new)));
        }
        return Ops.concat(2, times.toArray(NDArray[]::new));
    }

    /** b's first e positions along axis become a's last e, weighted 1 - k / e, plus b's own, weighted k / e. */
    private static NDArray blend(NDArray a, NDArray b, int extent, int axis) {
        int e = (int) Math.min(Math.min(a.getShape().get(axis), b.getShape().get(axis)), extent);
        if (e == 0) {
            return b;
        }
        float[] ramp = new float[e];
        for (int k = 0; k < e; k++) {
            ramp[k] = (float) k / e;
        }
        long[] shape = {1, 1, 1, 1, 1};
        shape[axis] = e;
        NDArray up = Ops.floats(b.getManager(), ramp, shape);
        long la = a.getShape().get(axis);
        NDArray tail = a.get(slice(axis, la - e, la));
        NDArray head = b.get(slice(axis, 0, e));
        NDArray mixed = tail.mul(up.neg().add(1f)).add(head.mul(up));
        return Ops.concat(axis, mixed, b.get(slice(axis, e, b.getShape().get(axis))));
    }

    private static NDIndex slice(int axis, long from, long to) {
        return new NDIndex().addAllDim(axis).addSliceDim(from, to);
    }
}
