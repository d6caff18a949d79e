package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;

/**
 * The pixel head on [N, C, H, W] maps with libtorch's convolution, as the reference computes it. With oneDNN's AVX-512
 * direct kernel it drew a purple-brown grid on a 2-core AMD EPYC (avx512_bf16, no AMX; issue 20), so it is only the
 * fallback, or first when {@link VideoVae#PATH_PROPERTY} asks for it.
 */
final class TorchConvHead implements PixelHead {
    static final String NAME = "libtorch-conv";

    private final VaeConfig c;
    private final NDArray headW;
    private final NDArray headB;
    private final NDArray lastW;
    private final NDArray lastB;

    TorchConvHead(VaeConfig c, NDArray headW, NDArray headB, NDArray lastW, NDArray lastB) {
        this.c = c;
        this.headW = headW;
        this.headB = headB;
        this.lastW = lastW;
        this.lastB = lastB;
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
        int u = c.unpatchChannels();
        NDArray maps = tokens.reshape(b * g, h, w, t, s, s, u).transpose(0, 3, 6, 1, 4, 2, 5)
                .reshape(b * g * t, u, (long) h * s, (long) w * s);
        NDArray rgb = Ops.conv2d(Ops.silu(Ops.conv2d(maps, headW, headB)), lastW, lastB);
        return rgb.reshape(b, g * t, 3, (long) h * s, (long) w * s).transpose(0, 1, 3, 4, 2);
    }
}
