package studio.magi.engine.magi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/**
 * The sizes of a model's parts without reading a weight: from the safetensors headers of files at hand, or, for a
 * checkpoint one does not have, from the shapes its config implies: a Hugging Face T5 encoder (T5EncoderModel:
 * {@code shared} and {@code encoder.*}), the reference's ViTVAE (vae_module.py's ViTEncoder and ViTDecoder). The
 * reference DiT's, as the engine holds it: {@link HeldWeights}.
 */
final class PartSizes {
    private PartSizes() {
    }

    /** Bytes of the tensors whose names pass {@code use}, at {@code elementBytes} a value. */
    static long fromHeaders(WeightFile weights, Predicate<String> use, int elementBytes) {
        long bytes = 0;
        for (String name : weights.names()) {
            if (use.test(name)) {
                TensorEntry e = weights.entry(name);
                bytes += e.elements() * elementBytes;
            }
        }
        return bytes;
    }

    /** The tensors a T5EncoderModel loads of a full T5 checkpoint (its decoder is not). */
    static boolean t5Encoder(String name) {
        return name.equals("shared.weight") || name.startsWith("encoder.");
    }

    /**
     * Parameters of a T5 encoder from its Hugging Face config.json: the shared embedding, per block self-attention
     * (q, k, v, o over num_heads x d_kv), the feed-forward (wi, or wi_0 and wi_1 when gated, and wo), two RMSNorm gains;
     * the relative position bias of the first block and the final norm.
     */
    static long t5EncoderParameters(JsonNode c) {
        long d = c.get("d_model").asLong();
        long inner = c.get("num_heads").asLong() * c.get("d_kv").asLong();
        long ff = c.get("d_ff").asLong();
        boolean gated = c.path("feed_forward_proj").asText("relu").startsWith("gated");
        long block = 4 * d * inner + (gated ? 3 : 2) * d * ff + 2 * d;
        return c.get("vocab_size").asLong() * d + c.get("num_layers").asLong() * block
                + c.get("relative_attention_num_buckets").asLong() * c.get("num_heads").asLong() + d;
    }

    /**
     * Parameters of the reference's ViTVAE from its ddconfig: the encoder (a Conv3d patch embedding, class token,
     * positions, blocks, LayerNorm, a linear to z or 2z channels) and the decoder (a linear from z, class token,
     * positions, blocks, LayerNorm, a 3x3x3 Conv3d from embed / patch volume channels to RGB). A block: LayerNorm
     * (none with ln_in_attn, whose q/k/v norm has no gains), qkv (bias with qkv_bias), projection, LayerNorm, MLP.
     */
    static long vitVaeParameters(JsonNode dd) {
        long e = dd.get("embed_dim").asLong();
        long patch = dd.get("patch_size").asLong();
        long length = dd.get("patch_length").asLong();
        long z = dd.get("z_chans").asLong();
        long in = dd.path("in_chans").asLong(3);
        long hidden = (long) (e * dd.path("mlp_ratio").asDouble(4.0));
        boolean cls = dd.path("with_cls_token").asBoolean(true);
        if (dd.path("use_final_proj").asBoolean(false)) {
            throw new CheckpointException("ddconfig.use_final_proj: a ViTVAE with a final projection is not sized yet");
        }
        long block = (dd.path("ln_in_attn").asBoolean(false) ? 0 : 2 * e) + 3 * e * e
                + (dd.path("qkv_bias").asBoolean(false) ? 3 * e : 0) + e * e + e + 2 * e + 2 * e * hidden + hidden + e;
        long size = dd.get("video_size").asLong();
        long tokens = (dd.get("video_length").asLong() / length) * (size / patch) * (size / patch) + (cls ? 1 : 0);
        long blocks = dd.get("depth").asLong() * block;
        long shared = (cls ? e : 0) + tokens * e + blocks + 2 * e;
        long encoder = shared + e * in * length * patch * patch + e + e * (dd.path("double_z").asBoolean(true) ? 2 * z : z)
                + (dd.path("double_z").asBoolean(true) ? 2 * z : z);
        long unpatch = e / (patch * patch * length);
        long decoder = shared + z * e + e + 3 * unpatch * 27 + 3;
        return encoder + decoder;
    }
}
