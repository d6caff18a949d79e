package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ViT-style video VAE. Every group of {@code temporal} frames is one latent frame on its own: a patch of
 * temporal x spatial x spatial pixels is one token, transformer blocks mix the tokens of a frame group. The decoder
 * ends in two 3x3 convolutions per frame that draw the pixels ({@link PixelHead}).
 */
final class VideoVae {
    /** The system property that puts one pixel-head path first: im2col-gemm (the default) or libtorch-conv. */
    static final String PATH_PROPERTY = "magi.vae.conv";
    private static final double EPS = 1e-6;

    private final VaeConfig c;
    private final NDArray encoderInW;
    private final NDArray encoderInB;
    private final NDArray encoderPos;
    private final VitBlock[] encoderBlocks;
    private final NDArray encoderNormW;
    private final NDArray encoderNormB;
    private final NDArray encoderOutW;
    private final NDArray encoderOutB;
    private final NDArray decoderInW;
    private final NDArray decoderInB;
    private final NDArray decoderPos;
    private final VitBlock[] decoderBlocks;
    private final NDArray decoderNormW;
    private final NDArray decoderNormB;
    private final NDArray finalProjW;
    private final NDArray finalProjB;
    private final NDArray finalNormW;
    private final NDArray finalNormB;
    private final List<PixelHead> heads;
    private PixelHead head;

    VideoVae(VaeConfig c, WeightFile w, NDManager m) {
        this.c = c;
        int d = c.hidden();
        int n = c.tokens();
        int patch = c.patchValues();
        int ch = c.latentChannels();
        int unpatch = c.unpatchChannels() * c.temporalFactor() * c.spatialFactor() * c.spatialFactor();
        encoderInW = matrix(w, m, "encoder_in.weight", d, patch);
        encoderInB = vector(w, m, "encoder_in.bias", d);
        encoderPos = matrix(w, m, "encoder_pos", n, d);
        encoderBlocks = blocks(w, m, "encoder_blocks.");
        encoderNormW = vector(w, m, "encoder_norm.weight", d);
        encoderNormB = vector(w, m, "encoder_norm.bias", d);
        encoderOutW = matrix(w, m, "encoder_out.weight", 2 * ch, d);
        encoderOutB = vector(w, m, "encoder_out.bias", 2 * ch);
        decoderInW = matrix(w, m, "decoder_in.weight", d, ch);
        decoderInB = vector(w, m, "decoder_in.bias", d);
        decoderPos = matrix(w, m, "decoder_pos", n, d);
        decoderBlocks = blocks(w, m, "decoder_blocks.");
        decoderNormW = vector(w, m, "decoder_norm.weight", d);
        decoderNormB = vector(w, m, "decoder_norm.bias", d);
        finalProjW = matrix(w, m, "final_proj.weight", unpatch, d);
        finalProjB = vector(w, m, "final_proj.bias", unpatch);
        finalNormW = vector(w, m, "final_norm.weight", unpatch);
        finalNormB = vector(w, m, "final_norm.bias", unpatch);
        int hc = c.headChannels();
        NDArray headConvW = Ops.floats(m, w.floats("head_conv.weight", hc, c.unpatchChannels(), 3, 3), hc, c.unpatchChannels(), 3, 3);
        NDArray headConvB = vector(w, m, "head_conv.bias", hc);
        NDArray lastLayerW = Ops.floats(m, w.floats("last_layer.weight", 3, hc, 3, 3), 3, hc, 3, 3);
        NDArray lastLayerB = vector(w, m, "last_layer.bias", 3);
        heads = preferred(System.getProperty(PATH_PROPERTY, GemmHead.NAME),
                new GemmHead(c, headConvW, headConvB, lastLayerW, lastLayerB),
                new TorchConvHead(c, headConvW, headConvB, lastLayerW, lastLayerB));
        head = heads.get(0);
    }

    /** The paths in the order to try them: the one named first, then the others. */
    static List<PixelHead> preferred(String name, PixelHead... paths) {
        List<PixelHead> out = new ArrayList<>();
        for (PixelHead p : paths) {
            if (p.name().equals(name)) {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(PATH_PROPERTY + " names no path: '" + name + "'; use one of "
                    + Arrays.stream(paths).map(PixelHead::name).toList());
        }
        for (PixelHead p : paths) {
            if (!p.name().equals(name)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The pixel-head paths, the preferred first. */
    List<PixelHead> heads() {
        return heads;
    }

    PixelHead head() {
        return head;
    }

    /** Draws pixels with this path from now on. */
    void use(PixelHead path) {
        head = path;
    }

    private VitBlock[] blocks(WeightFile w, NDManager m, String prefix) {
        VitBlock[] out = new VitBlock[c.layers()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new VitBlock(w, m, prefix + i + ".", c.hidden(), c.heads());
        }
        return out;
    }

    private static NDArray matrix(WeightFile w, NDManager m, String name, int rows, int cols) {
        return Ops.floats(m, w.floats(name, rows, cols), rows, cols);
    }

    private static NDArray vector(WeightFile w, NDManager m, String name, int n) {
        return Ops.floats(m, w.floats(name, n), n);
    }

    /** video [B, T, H, W, 3] in [-1, 1], T a multiple of the temporal factor -> latent mean [B, C, T/4, h, w]. */
    NDArray encode(NDArray video) {
        try (NDScope scope = new NDScope()) {
            long b = video.getShape().get(0);
            long g = video.getShape().get(1) / c.temporalFactor();
            int h = c.latentHeight();
            int w = c.latentWidth();
            int s = c.spatialFactor();
            NDArray x = video.reshape(b, g, c.temporalFactor(), h, s, w, s, 3).transpose(0, 1, 3, 5, 2, 4, 6, 7)
                    .reshape(b * g, (long) h * w, c.patchValues());
            x = Ops.linear(x, encoderInW, encoderInB).add(encoderPos);
            for (VitBlock blk : encoderBlocks) {
                x = blk.forward(x);
            }
            NDArray moments = Ops.linear(Ops.layerNorm(x, encoderNormW, encoderNormB, EPS), encoderOutW, encoderOutB);
            NDArray mean = moments.reshape(b, g, h, w, 2L * c.latentChannels()).transpose(0, 4, 1, 2, 3)
                    .get(":, 0:" + c.latentChannels());
            NDArray out = mean.duplicate();
            NDScope.unregister(out);
            return out;
        }
    }

    /** z [B, C, G, h, w] -> video [B, 4G, H, W, 3], not clamped. */
    NDArray decode(NDArray z) {
        try (NDScope scope = new NDScope()) {
            long b = z.getShape().get(0);
            long g = z.getShape().get(2);
            int h = c.latentHeight();
            int w = c.latentWidth();
            NDArray x = z.transpose(0, 2, 3, 4, 1).reshape(b * g, (long) h * w, c.latentChannels());
            x = Ops.linear(x, decoderInW, decoderInB).add(decoderPos);
            for (VitBlock blk : decoderBlocks) {
                x = blk.forward(x);
            }
            x = Ops.layerNorm(Ops.linear(Ops.layerNorm(x, decoderNormW, decoderNormB, EPS), finalProjW, finalProjB),
                    finalNormW, finalNormB, EPS);
            NDArray out = head.draw(x, b, g);
            NDScope.unregister(out);
            return out;
        }
    }
}
