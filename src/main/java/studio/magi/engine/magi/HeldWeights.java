package studio.magi.engine.magi;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The bytes a reference DiT's weights hold on the device as this engine loads them ({@link VideoDit}), known from
 * each tensor's stored type without reading it: the layers' products (q, k, v, qx, linear_proj, fc1, fc2,
 * linear_kv_xattn, ada_modulate) and final_linear's velocity rows as stored when bf16, two bytes a weight
 * ({@link Bf16Weight}), otherwise float32 with the float path's copies (the k and v rows once more, every layer's gate
 * weights joined); fp8 codes one byte each with their float32 input divisor and value table ({@link QuantizedLinear});
 * the rest in float32 (embedders, norms, biases; the gate biases joined once more), except the null caption and the
 * rope bands, which stay in host memory; and what the engine computes: the timestep frequencies, the rotation's swap
 * matrix and, with any bf16 tensor, the bf16 table.
 */
final class HeldWeights {
    /** A stored tensor: its element type and count. */
    record Stored(TensorType type, long elements) {
    }

    private static final List<String> PRODUCTS = List.of("self_attention.linear_qkv.q.weight",
            "self_attention.linear_qkv.k.weight", "self_attention.linear_qkv.v.weight", "self_attention.linear_qkv.qx.weight",
            "self_attention.linear_proj.weight", "mlp.linear_fc1.weight", "mlp.linear_fc2.weight");

    private static final java.util.regex.Pattern T5_MATRIX = java.util.regex.Pattern.compile(
            "encoder\\.block\\.\\d+\\.layer\\.[01]\\.(SelfAttention\\.[qkvo]|DenseReluDense\\.(wi_0|wi_1|wo))\\.weight");

    private HeldWeights() {
    }

    /** From the checkpoint's headers. */
    static long referenceDit(ReferenceConfig config, WeightFile w) {
        return referenceDit(config, n -> new Stored(w.entry(n).type(), w.entry(n).elements()), Bf16Weight.anyStored(w));
    }

    /** From the config alone: real tensors in params_dtype, fp8 codes, float32 scales of the larger accepted shape. */
    static long referenceDit(ReferenceConfig config) {
        TensorType real = "torch.float32".equals(config.model().paramsDtype()) ? TensorType.F32 : TensorType.BF16;
        java.util.Map<String, Stored> byName = new java.util.HashMap<>();
        for (ReferenceWeights.Expected e : ReferenceWeights.expected(config)) {
            long n = 1;
            for (long d : e.shape()) {
                n *= d;
            }
            byName.put(e.name(), new Stored(switch (e.kind()) {
                case REAL -> real;
                case FP8 -> TensorType.F8_E4M3;
                case SCALE -> TensorType.F32;
            }, n));
        }
        return referenceDit(config, byName::get, real == TensorType.BF16);
    }

    static long referenceDit(ReferenceConfig config, Function<String, Stored> stored, boolean anyBf16) {
        ReferenceConfig.Model m = config.model();
        int velocity = m.halfChannelVae() ? m.outChannels() / 2 : m.outChannels();
        long bytes = Float.BYTES * (ReferenceWeights.FREQUENCIES / 2 + (long) m.headDim() * m.headDim()
                + (anyBf16 ? 1 << 16 : 0));
        Set<String> perChannel = new HashSet<>();
        Set<String> bf16Layers = new HashSet<>();
        for (int i = 0; i < m.layers(); i++) {
            String p = "videodit_blocks.layers." + i + ".";
            perChannel.add(p + "self_attention.linear_proj");
            perChannel.add(p + "mlp.linear_fc2");
            if (PRODUCTS.stream().allMatch(n -> stored.apply(p + n).type() == TensorType.BF16)) {
                bf16Layers.add(p);
            }
        }
        for (ReferenceWeights.Expected e : ReferenceWeights.expected(config)) {
            String name = e.name();
            Stored s = stored.apply(name);
            String layer = name.startsWith("videodit_blocks.layers.") ? name.substring(0, name.indexOf('.', 23) + 1) : "";
            bytes += switch (e.kind()) {
                case FP8 -> s.elements() + Float.BYTES * 256L;
                case SCALE -> name.endsWith(".smooth_scale") || name.endsWith(".input_scale")
                        && !perChannel.contains(name.substring(0, name.length() - ".input_scale".length()))
                        ? Float.BYTES * s.elements() : 0;
                case REAL -> {
                    String own = name.substring(layer.length());
                    if (name.equals("y_embedder.null_caption_embedding") || name.equals("rope.bands")) {
                        yield 0;
                    } else if (name.equals("final_linear.linear.weight")) {
                        yield width(s) * s.elements() / m.outChannels() * velocity;
                    } else if (PRODUCTS.contains(own)) {
                        boolean kOrV = own.endsWith(".k.weight") || own.endsWith(".v.weight");
                        yield bf16Layers.contains(layer) ? 2 * s.elements() : Float.BYTES * s.elements() * (kOrV ? 2 : 1);
                    } else if (own.equals("self_attention.linear_kv_xattn.weight")) {
                        yield width(s) * s.elements();
                    } else if (own.equals("ada_modulate_layer.proj.0.weight")) {
                        yield s.type() == TensorType.BF16 ? 2 * s.elements() : 2 * Float.BYTES * s.elements();
                    } else if (own.equals("ada_modulate_layer.proj.0.bias")) {
                        yield 2 * Float.BYTES * s.elements();
                    }
                    yield Float.BYTES * s.elements();
                }
            };
        }
        return bytes;
    }

    /**
     * The T5 encoder as {@link T5Encoder} holds it: its blocks' matrices as stored when bf16, with the bf16 table, the
     * rest in float32; of a full T5 checkpoint only {@code shared} and {@code encoder.*}.
     */
    static long t5(WeightFile w) {
        long bytes = Bf16Weight.anyStored(w) ? Float.BYTES << 16 : 0;
        for (String name : w.names()) {
            if (PartSizes.t5Encoder(name)) {
                TensorEntry e = w.entry(name);
                boolean asStored = T5_MATRIX.matcher(name).matches() && e.type() == TensorType.BF16;
                bytes += e.elements() * (asStored ? 2 : Float.BYTES);
            }
        }
        return bytes;
    }

    /** Bytes a product's weight holds a value: bf16 as stored, anything else widened to float32. */
    private static long width(Stored s) {
        return s.type() == TensorType.BF16 ? 2 : Float.BYTES;
    }
}
