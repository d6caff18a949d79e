package studio.magi.engine.magi;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * The reference's ViTVAE as its diffusers {@code config.json} describes it ({@code ddconfig}, vae_module.py's
 * ViTEncoder / ViTDecoder arguments). The options the released VAE leaves at their defaults and this engine does not
 * compute (a LayerNorm inside attention, rotary positions, a final projection, normalised codes, no class token)
 * are refused in one line rather than computed some other way.
 */
record ViTVaeConfig(int videoSize, int videoLength, int patchSize, int patchLength, int zChannels, boolean doubleZ,
        int width, int depth, int heads, int mlpHidden, boolean qkvBias) {

    static ViTVaeConfig read(Path file) {
        JsonNode root = ReferenceConfig.json(file);
        JsonNode type = root.get("model_type");
        if (type != null && !"vit".equals(type.asText())) {
            throw new CheckpointException(file + ": model_type is " + type + "; this engine supports \"vit\"");
        }
        ConfigSection s = ConfigSection.of(file, root, "ddconfig");
        s.require(s.positive("in_chans") == 3, "in_chans", "3 (RGB)");
        for (String off : new String[] {"norm_code", "ln_in_attn", "use_rope", "use_final_proj"}) {
            s.require(!s.has(off) || !s.flag(off), off, "false only");
        }
        s.require(!s.has("with_cls_token") || s.flag("with_cls_token"), "with_cls_token", "true only");
        s.require(s.has("conv_last_layer") && s.flag("conv_last_layer"), "conv_last_layer", "true only (as the reference's decoder)");
        int width = s.positive("embed_dim");
        int heads = s.positive("num_heads");
        int patch = s.positive("patch_size");
        int length = s.positive("patch_length");
        int size = s.positive("video_size");
        int frames = s.positive("video_length");
        s.check(width % heads == 0, "embed_dim " + width + " is not a multiple of num_heads " + heads);
        s.check(width % (patch * patch * length) == 0, "embed_dim " + width + " is not a multiple of the patch's "
                + patch * patch * length + " pixels");
        s.check(size % patch == 0 && frames % length == 0, "video_size and video_length must be multiples of the patch");
        double ratio = s.has("mlp_ratio") ? s.positiveNumber("mlp_ratio") : 4.0;
        return new ViTVaeConfig(size, frames, patch, length, s.positive("z_chans"), !s.has("double_z") || s.flag("double_z"),
                width, s.positive("depth"), heads, (int) (width * ratio), s.has("qkv_bias") && s.flag("qkv_bias"));
    }

    /** The latent grid the position embeddings were learned for: [frames, side, side]. */
    int[] latentGrid() {
        return new int[] {videoLength / patchLength, videoSize / patchSize, videoSize / patchSize};
    }

    int tokens() {
        int[] g = latentGrid();
        return 1 + g[0] * g[1] * g[2];
    }

    /** Channels per pixel before the decoder's last 3x3x3 convolution. */
    int unpatchChannels() {
        return width / (patchSize * patchSize * patchLength);
    }

    int encoderOutputs() {
        return doubleZ ? 2 * zChannels : zChannels;
    }
}
