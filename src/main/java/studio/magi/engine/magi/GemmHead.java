package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;

/**
 * The pixel head on channels-last maps with {@link GemmConv} convolutions: only the matmul, copies and
 * elementwise ops the transformers also use, so it is right wherever the rest of the model is. Channels-last is also
 * the layout the tokens unpatchify to and the frames leave in.
 */
final class GemmHead implements PixelHead {
    static final String NAME = "im2col-gemm";

    private final VaeConfig c;
    private final GemmConv headConv;
    private final GemmConv lastLayer;

    /** Weights as PyTorch stores them: [O, C, 3, 3] kernels and [O] biases. */
    GemmHead(VaeConfig c, NDArray headW, NDArray headB, NDArray lastW, NDArray lastB) {
        this.c = c;
        headConv = new GemmConv(headW, headB);
        lastLayer = new GemmConv(lastW, lastB);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NDArray draw(NDArray tokens, long b, long g) {
        int h = c.latentHeight();
        int w = c.latentWidth();
        int s = c.spatialFactor();
        int t = c.temporalFactor();
        NDArray maps = tokens.reshape(b * g, h, w, t, s, s, c.unpatchChannels()).transpose(0, 3, 1, 4, 2, 5, 6)
                .reshape(b * g * t, (long) h * s, (long) w * s, c.unpatchChannels());
        NDArray rgb = lastLayer.apply(Ops.silu(headConv.apply(maps)));
        return rgb.reshape(b, g * t, (long) h * s, (long) w * s, 3);
    }
}
