package studio.magi.engine.magi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tensors a MAGI-1 reference DiT is made of, as its own modules declare them (dit_model.py VideoDiTModel,
 * dit_module.py), with names, shapes and element types as functions of the config; and the check of a weight folder
 * against them. The reference loads with {@code strict=False} and would run with whatever a missing tensor's memory
 * held; here a missing tensor, a wrong shape or a wrong element type is refused, naming the file and the tensor.
 * Tensors the model does not use are ignored, as the reference ignores them.
 */
final class ReferenceWeights {
    /** The timestep embedder's sinusoid width (TimestepEmbedder.frequency_embedding_size). */
    static final int FREQUENCIES = 256;

    enum Kind {
        /** Real numbers: BF16 (as released), F16 or F32. */
        REAL,
        /** float8 e4m3 codes of an fp8 linear (engine_config.fp8_quant). */
        FP8,
        /** A scale of an fp8 linear: real numbers, not fp8. */
        SCALE
    }

    /** One tensor the model needs; {@code altShape}, when not null, is a second accepted shape. */
    record Expected(String name, long[] shape, long[] altShape, Kind kind) {
    }

    private ReferenceWeights() {
    }

    static List<Expected> expected(ReferenceConfig config) {
        ReferenceConfig.Model m = config.model();
        List<Expected> out = new ArrayList<>();
        int d = m.hidden();
        int p = m.patch();
        int qDim = m.heads() * m.headDim();
        int kvDim = m.groups() * m.headDim();
        real(out, "x_embedder.weight", d, m.inChannels(), m.tPatch(), p, p);
        real(out, "t_embedder.mlp.0.weight", m.condDim(), FREQUENCIES);
        real(out, "t_embedder.mlp.0.bias", m.condDim());
        real(out, "t_embedder.mlp.2.weight", m.condDim(), m.condDim());
        real(out, "t_embedder.mlp.2.bias", m.condDim());
        real(out, "y_embedder.y_proj_xattn.0.weight", m.xattnDim(), m.captionChannels());
        real(out, "y_embedder.y_proj_xattn.0.bias", m.xattnDim());
        real(out, "y_embedder.y_proj_adaln.0.weight", m.condDim(), m.captionChannels());
        real(out, "y_embedder.y_proj_adaln.0.bias", m.condDim());
        real(out, "y_embedder.null_caption_embedding", m.captionLength(), m.captionChannels());
        real(out, "rope.bands", m.ropeBands());
        for (int i = 0; i < m.layers(); i++) {
            String n = "videodit_blocks.layers." + i + ".";
            String sa = n + "self_attention.";
            boolean q8 = config.quantizedLayer(i);
            real(out, n + "ada_modulate_layer.proj.0.weight", m.gateRows(), m.condDim());
            real(out, n + "ada_modulate_layer.proj.0.bias", m.gateRows());
            real(out, sa + "linear_qkv.layer_norm.weight", d);
            real(out, sa + "linear_qkv.layer_norm.bias", d);
            linear(out, sa + "linear_qkv.q", qDim, d, q8, false);
            linear(out, sa + "linear_qkv.qx", qDim, d, q8, false);
            linear(out, sa + "linear_qkv.k", kvDim, d, q8, false);
            linear(out, sa + "linear_qkv.v", kvDim, d, q8, false);
            real(out, sa + "linear_kv_xattn.weight", 2 * kvDim, m.xattnDim());
            linear(out, sa + "linear_proj", d, 2 * qDim, q8, true);
            for (String norm : List.of("q_layernorm", "q_layernorm_xattn", "k_layernorm", "k_layernorm_xattn")) {
                real(out, sa + norm + ".weight", m.headDim());
                real(out, sa + norm + ".bias", m.headDim());
            }
            real(out, n + "self_attn_post_norm.weight", d);
            real(out, n + "self_attn_post_norm.bias", d);
            real(out, n + "mlp.layer_norm.weight", d);
            real(out, n + "mlp.layer_norm.bias", d);
            linear(out, n + "mlp.linear_fc1", m.fc1Rows(), d, q8, false);
            linear(out, n + "mlp.linear_fc2", d, m.ffnHidden(), q8, true);
            real(out, n + "mlp_post_norm.weight", d);
            real(out, n + "mlp_post_norm.bias", d);
        }
        real(out, "videodit_blocks.final_layernorm.weight", d);
        real(out, "videodit_blocks.final_layernorm.bias", d);
        real(out, "final_linear.linear.weight", (long) p * p * m.tPatch() * m.outChannels(), d);
        return out;
    }

    private static void real(List<Expected> out, String name, long... shape) {
        out.add(new Expected(name, shape, null, Kind.REAL));
    }

    /**
     * A bias-free linear {@code out x in}: bf16 {@code weight}, or under fp8 its e4m3 {@code weight} [1, out, in] with
     * {@code weight_scale} [1] and {@code input_scale} (PerTensorQuantizedFp8Linear: [in], or one number), plus
     * {@code smooth_scale} [1, in] and a one-number input_scale for the per-channel kind (PerChannelQuantizedFp8Linear).
     */
    private static void linear(List<Expected> out, String name, long rows, long cols, boolean fp8, boolean perChannel) {
        if (!fp8) {
            real(out, name + ".weight", rows, cols);
            return;
        }
        out.add(new Expected(name + ".weight", new long[] {1, rows, cols}, null, Kind.FP8));
        out.add(new Expected(name + ".weight_scale", new long[] {1}, null, Kind.SCALE));
        if (perChannel) {
            out.add(new Expected(name + ".input_scale", new long[] {1}, null, Kind.SCALE));
            out.add(new Expected(name + ".smooth_scale", new long[] {1, cols}, null, Kind.SCALE));
        } else {
            out.add(new Expected(name + ".input_scale", new long[] {cols}, new long[] {1}, Kind.SCALE));
        }
    }

    /**
     * Checks every tensor the config needs; returns the model's parameter count (scales not counted). Every missing
     * tensor is counted, the first named.
     */
    static long check(ReferenceConfig config, WeightFile w, Path folder) {
        List<Expected> expected = expected(config);
        List<String> missing = new ArrayList<>();
        long parameters = 0;
        for (Expected e : expected) {
            if (!w.has(e.name())) {
                missing.add(e.name());
                continue;
            }
            TensorEntry t = w.entry(e.name());
            Path file = w.fileOf(e.name());
            String where = file + ": '" + e.name() + "'";
            switch (e.kind()) {
                case REAL -> {
                    if (t.type() == TensorType.F8_E4M3) {
                        throw new CheckpointException(where + " holds F8_E4M3 codes, but " + config.file()
                                + " says engine_config.fp8_quant " + config.engine().fp8Quant()
                                + (config.engine().fp8Quant() ? " and keeps this tensor in bf16" : ": these are fp8 weights"));
                    }
                    requireReal(where, t);
                    parameters += t.elements();
                }
                case FP8 -> {
                    if (t.type() != TensorType.F8_E4M3) {
                        throw new CheckpointException(where + " holds " + t.type() + ", but " + config.file()
                                + " says engine_config.fp8_quant true: layers 1 to " + (config.model().layers() - 2)
                                + " hold this linear as F8_E4M3 codes");
                    }
                    parameters += t.elements();
                }
                case SCALE -> {
                    if (t.type() == TensorType.F8_E4M3) {
                        throw new CheckpointException(where + " holds F8_E4M3 codes; a scale is a real number (F32)");
                    }
                    requireReal(where, t);
                }
            }
            boolean shapeOk = Arrays.equals(t.shape(), e.shape()) || e.altShape() != null && Arrays.equals(t.shape(), e.altShape());
            if (!shapeOk) {
                throw new CheckpointException(where + " has shape " + t.shapeText() + ", " + config.file()
                        + "'s model_config needs " + Arrays.toString(e.shape())
                        + (e.altShape() != null ? " or " + Arrays.toString(e.altShape()) : ""));
            }
        }
        if (!missing.isEmpty()) {
            throw new CheckpointException(folder + " lacks the tensor '" + missing.get(0) + "'"
                    + (missing.size() > 1 ? " and " + (missing.size() - 1) + " more" : "") + " that " + config.file()
                    + "'s model_config needs (" + config.model().layers() + " layers"
                    + (config.engine().fp8Quant() ? ", fp8 in layers 1 to " + (config.model().layers() - 2) : "")
                    + ")");
        }
        return parameters;
    }

    private static void requireReal(String where, TensorEntry t) {
        if (!t.type().isFloating()) {
            throw new CheckpointException(where + " holds " + t.type() + "; weights are real numbers");
        }
    }
}
