package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * A "same", stride-1 k x k convolution on channels-last maps [N, H, W, C] as one matrix product, without libtorch's
 * convolution (oneDNN's direct kernels; the AVX-512 one was wrong on an AMD EPYC without AMX, issue 20). The k
 * horizontally shifted windows of each row lie side by side on the channel axis (im2col along rows only: k, not k*k,
 * copies of the map); one product applies every kernel row to them; the k row results are summed with their
 * vertical shifts.
 */
final class GemmConv {
    private final int k;
    private final long out;
    private final NDArray rows;
    private final NDArray bias;

    /** Weights as PyTorch stores them: w [O, C, k, k], b [O]. */
    GemmConv(NDArray w, NDArray b) {
        k = (int) w.getShape().get(2);
        out = w.getShape().get(0);
        // [(kernel row, O), (kernel column, C)]: the order the windows and the row sums take them in
        rows = w.transpose(2, 0, 3, 1).reshape(k * out, k * w.getShape().get(1));
        // the bias rides on the first kernel row's product, so that the sum adds it once
        bias = NDArrays.concat(new NDList(b, b.getManager().zeros(new Shape((k - 1) * out))));
    }

    /** x [N, H, W, C] -> [N, H, W, O]. */
    NDArray apply(NDArray x) {
        long h = x.getShape().get(1);
        long w = x.getShape().get(2);
        int pad = k / 2;
        // constant_pad_nd's pairs run from the last axis: C none, then W and H
        NDArray padded = x.pad(new Shape(0, 0, pad, pad, pad, pad), 0);
        NDList windows = new NDList(k);
        for (int dx = 0; dx < k; dx++) {
            windows.add(padded.get(new NDIndex().addAllDim(2).addSliceDim(dx, dx + w)));
        }
        NDArray products = Ops.linear(NDArrays.concat(windows, 3), rows, bias);
        NDArray sum = null;
        for (int dy = 0; dy < k; dy++) {
            NDArray shifted = products.get(new NDIndex().addAllDim().addSliceDim(dy, dy + h).addAllDim()
                    .addSliceDim(dy * out, (dy + 1) * out));
            sum = sum == null ? shifted : sum.add(shifted);
        }
        return sum;
    }
}
