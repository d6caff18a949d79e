package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;

/**
 * The reference's ViTVAE (vae_module.py) in its own tensor names: the encoder (a patch Conv3d, a class token,
 * learned positions, transformer blocks, LayerNorm, a linear layer to the posterior's mean and log-variance) and the
 * decoder (a linear layer from the latent, a class token, positions, blocks, LayerNorm, the tokens unpatched into a
 * video of {@link ViTVaeConfig#unpatchChannels()} channels and a 3x3x3 Conv3d to RGB). One tile at a time; the
 * tiling is {@link VaeTiles}'. Weights are widened to float32 (the reference runs the VAE in bf16).
 */
final class ViTVae implements AutoCloseable {
    /** nn.LayerNorm's default, which the reference's norm_layer keeps. */
    private static final double EPS = 1e-5;
    /** patch_vae_encode repeats a single picture this many times before encoding it. */
    private static final int PICTURE_FRAMES = 4;

    private final ViTVaeConfig c;
    private final NDManager manager;
    private final NDArray patchW;
    private final NDArray patchB;
    private final Half encoder;
    private final NDArray encoderOutW;
    private final NDArray encoderOutB;
    private final NDArray projInW;
    private final NDArray projInB;
    private final Half decoder;
    private final NDArray convW;
    private final NDArray convB;

    /** What encoder and decoder share: class token, positions, blocks, final LayerNorm. */
    private record Half(NDArray cls, NDArray pos, VitBlock[] blocks, NDArray normW, NDArray normB) {
    }

    private ViTVae(ViTVaeConfig c, WeightFile w, NDManager parent) {
        this.c = c;
        manager = parent.newSubManager();
        int d = c.width();
        int p = c.patchSize();
        int pixels = 3 * c.patchLength() * p * p;
        patchW = floats(w, "encoder.patch_embed.proj.weight", d, 3, c.patchLength(), p, p).reshape(d, pixels);
        patchB = floats(w, "encoder.patch_embed.proj.bias", d);
        encoder = half(w, "encoder.");
        encoderOutW = floats(w, "encoder.last_layer.weight", c.encoderOutputs(), d);
        encoderOutB = floats(w, "encoder.last_layer.bias", c.encoderOutputs());
        projInW = floats(w, "decoder.proj_in.weight", d, c.zChannels());
        projInB = floats(w, "decoder.proj_in.bias", d);
        decoder = half(w, "decoder.");
        convW = floats(w, "decoder.last_layer.weight", 3, c.unpatchChannels(), 3, 3, 3);
        convB = floats(w, "decoder.last_layer.bias", 3);
    }

    /** The VAE folder as the reference's AutoModel.from_pretrained reads it: config.json and its safetensors. */
    static ViTVae load(Path folder, NDManager manager) {
        ViTVaeConfig c = ViTVaeConfig.read(folder.resolve("config.json"));
        try (WeightFile w = WeightFile.openFolder(folder, "diffusion_pytorch_model", "the VAE", ReferenceCheckpoint.VAE_PICKLE_FIX)) {
            return new ViTVae(c, w, manager);
        }
    }

    ViTVaeConfig config() {
        return c;
    }

    private Half half(WeightFile w, String prefix) {
        int d = c.width();
        VitBlock[] blocks = new VitBlock[c.depth()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new VitBlock(w, manager, prefix + "blocks." + i + ".", "mlp.", d, c.heads(), c.mlpHidden(), EPS,
                    c.qkvBias(), true);
        }
        return new Half(floats(w, prefix + "cls_token", 1, 1, d), floats(w, prefix + "pos_embed", 1, c.tokens(), d), blocks,
                floats(w, prefix + "norm.weight", d), floats(w, prefix + "norm.bias", d));
    }

    private NDArray floats(WeightFile w, String name, long... shape) {
        return Ops.floats(manager, w.floats(name, shape), shape);
    }

    /** pixels [B, 3, T, H, W] in [-1, 1] -> the posterior's mode [B, z, T / pT, H / p, W / p]; one picture (T = 1) as
     * patch_vae_encode: repeated to four frames, the first latent frame kept. */
    NDArray encodeTile(NDArray x) {
        long[] s = x.getShape().getShape();
        if (s[2] == 1) {
            NDArray z = encodeTile(x.repeat(2, PICTURE_FRAMES));
            return z.get(new NDIndex().addAllDim(2).addSliceDim(0, 1));
        }
        return encoderMoments(x).get(new NDIndex().addAllDim().addSliceDim(0, c.zChannels()));
    }

    /** The encoder's raw output [B, 2z, t, h, w] (mean and log-variance), as the reference's ViTEncoder returns it. */
    NDArray encoderMoments(NDArray x) {
        long[] s = x.getShape().getShape();
        int pt = c.patchLength();
        int p = c.patchSize();
        long t = s[2] / pt;
        long h = s[3] / p;
        long w = s[4] / p;
        NDArray patches = x.reshape(s[0], 3, t, pt, h, p, w, p).transpose(0, 2, 4, 6, 1, 3, 5, 7)
                .reshape(s[0], t * h * w, 3L * pt * p * p);
        NDArray tokens = run(encoder, Ops.linear(patches, patchW, patchB), t, h, w);
        return Ops.linear(tokens, encoderOutW, encoderOutB).reshape(s[0], t, h, w, c.encoderOutputs()).transpose(0, 4, 1, 2, 3);
    }

    /** ViTVAE.decode: as {@link #decodeTile}, but one latent frame (t = 1) is one picture, the first of pT decoded. */
    NDArray decode(NDArray z) {
        NDArray out = decodeTile(z);
        return z.getShape().get(2) == 1 ? out.get(new NDIndex().addAllDim(2).addSliceDim(0, 1)) : out;
    }

    /** The decoder: z [B, z, t, h, w] (unscaled) -> pixels [B, 3, t * pT, h * p, w * p], not clamped. */
    NDArray decodeTile(NDArray z) {
        long[] s = z.getShape().getShape();
        long t = s[2];
        long h = s[3];
        long w = s[4];
        NDArray x = Ops.linear(z.transpose(0, 2, 3, 4, 1).reshape(s[0], t * h * w, s[1]), projInW, projInB);
        x = run(decoder, x, t, h, w);
        int pt = c.patchLength();
        int p = c.patchSize();
        int u = c.unpatchChannels();
        NDArray video = x.reshape(s[0], t, h, w, pt, p, p, u).transpose(0, 7, 1, 4, 2, 5, 3, 6)
                .reshape(s[0], u, t * pt, h * p, w * p);
        return video.getNDArrayInternal().convolution(video, convW, convB, new Shape(1, 1, 1), new Shape(1, 1, 1),
                new Shape(1, 1, 1), 1).singletonOrThrow();
    }

    /** Class token first, positions (resized for another grid), the blocks, the LayerNorm; the class token dropped. */
    private NDArray run(Half half, NDArray tokens, long t, long h, long w) {
        long b = tokens.getShape().get(0);
        NDArray x = Ops.concat(1, half.cls.repeat(0, b), tokens).add(positions(half.pos, (int) t, (int) h, (int) w));
        for (VitBlock block : half.blocks) {
            x = block.forward(x);
        }
        x = Ops.layerNorm(x, half.normW, half.normB, EPS);
        return x.get(new NDIndex().addAllDim().addSliceDim(1, x.getShape().get(1)));
    }

    private NDArray positions(NDArray pos, int t, int h, int w) {
        int[] g = c.latentGrid();
        if (g[0] == t && g[1] == h && g[2] == w) {
            return pos;
        }
        NDArray cls = pos.get(new NDIndex().addAllDim().addSliceDim(0, 1));
        NDArray grid = pos.get(new NDIndex().addIndices(0).addSliceDim(1, c.tokens())).reshape(g[0], g[1], g[2], c.width());
        return Ops.concat(1, cls, Trilinear.resize(grid, t, h, w).reshape(1, (long) t * h * w, c.width()));
    }

    @Override
    public void close() {
        manager.close();
    }
}
