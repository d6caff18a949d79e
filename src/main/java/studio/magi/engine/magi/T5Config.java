package studio.magi.engine.magi;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Hugging Face T5 encoder's config.json, with the fields the reference's T5 (t5-v1_1-xxl) uses, and the tensors
 * such an encoder declares ({@link #expected()}). Anything but t5-v1_1's gated-GELU encoder is refused in one line.
 */
record T5Config(Path file, int dModel, int dKv, int dFf, int layers, int heads, int buckets, int maxDistance,
        double epsilon, int vocabSize) {

    /** The token embedding's name in T5EncoderModel's state dict; encoder.embed_tokens.weight is its tied alias. */
    static final String EMBEDDING = "shared.weight";
    static final String EMBEDDING_ALIAS = "encoder.embed_tokens.weight";

    record Expected(String name, long... shape) {
    }

    static T5Config read(Path file) {
        JsonNode c = ReferenceConfig.json(file);
        require(file, c, "model_type", "t5");
        require(file, c, "feed_forward_proj", "gated-gelu");
        JsonNode act = c.get("dense_act_fn");
        if (act != null && !"gelu_new".equals(act.asText())) {
            throw new CheckpointException(file + ": dense_act_fn is " + act + "; the reference's T5 (t5-v1_1) uses "
                    + "\"gelu_new\"");
        }
        JsonNode eps = c.get("layer_norm_epsilon");
        if (eps != null && !eps.isNumber()) {
            throw new CheckpointException(file + ": layer_norm_epsilon must be a number, it is " + eps);
        }
        return new T5Config(file, positive(file, c, "d_model"), positive(file, c, "d_kv"), positive(file, c, "d_ff"),
                positive(file, c, "num_layers"), positive(file, c, "num_heads"),
                positive(file, c, "relative_attention_num_buckets"), positive(file, c, "relative_attention_max_distance"),
                eps == null ? 1e-6 : eps.asDouble(), positive(file, c, "vocab_size"));
    }

    private static void require(Path file, JsonNode c, String field, String value) {
        JsonNode v = c.get(field);
        if (v == null || !value.equals(v.asText())) {
            throw new CheckpointException(file + ": " + field + " is " + v + "; the reference's T5 encoder (t5-v1_1-xxl)"
                    + " has \"" + value + "\"");
        }
    }

    private static int positive(Path file, JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || !v.isIntegralNumber() || v.asInt() <= 0) {
            throw new CheckpointException(file + ": " + field + " must be a positive whole number, it is " + v);
        }
        return v.asInt();
    }

    /** Width of the attention's heads together (heads x d_kv: 4096 in t5-v1_1-xxl, not d_model). */
    int inner() {
        return heads * dKv;
    }

    /** Every tensor T5EncoderModel declares for this config, bar the embedding (either name; see {@link #embedding}). */
    List<Expected> expected() {
        List<Expected> out = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            String a = "encoder.block." + i + ".layer.0.";
            for (String x : List.of("q", "k", "v")) {
                out.add(new Expected(a + "SelfAttention." + x + ".weight", inner(), dModel));
            }
            out.add(new Expected(a + "SelfAttention.o.weight", dModel, inner()));
            if (i == 0) {
                out.add(new Expected(a + "SelfAttention.relative_attention_bias.weight", buckets, heads));
            }
            out.add(new Expected(a + "layer_norm.weight", dModel));
            String f = "encoder.block." + i + ".layer.1.";
            out.add(new Expected(f + "DenseReluDense.wi_0.weight", dFf, dModel));
            out.add(new Expected(f + "DenseReluDense.wi_1.weight", dFf, dModel));
            out.add(new Expected(f + "DenseReluDense.wo.weight", dModel, dFf));
            out.add(new Expected(f + "layer_norm.weight", dModel));
        }
        out.add(new Expected("encoder.final_layer_norm.weight", dModel));
        return out;
    }

    /** The embedding's name in these weights: shared.weight, or its alias when only that was saved. */
    String embedding(WeightFile w) {
        return !w.has(EMBEDDING) && w.has(EMBEDDING_ALIAS) ? EMBEDDING_ALIAS : EMBEDDING;
    }

    /** Checks every tensor's presence, shape and element type against this config; reads none. */
    void check(WeightFile w) {
        List<Expected> all = new ArrayList<>(expected());
        all.add(new Expected(embedding(w), vocabSize, dModel));
        for (Expected e : all) {
            TensorEntry t = w.entry(e.name());
            if (!Arrays.equals(t.shape(), e.shape())) {
                throw new CheckpointException(w.fileOf(e.name()) + ": '" + e.name() + "' has shape " + t.shapeText()
                        + ", " + file + " needs " + Arrays.toString(e.shape()));
            }
            if (!t.type().isFloating() || t.type() == TensorType.F8_E4M3) {
                throw new CheckpointException(w.fileOf(e.name()) + ": '" + e.name() + "' holds " + t.type()
                        + ", the T5 encoder's weights are float32, bfloat16 or float16");
            }
        }
    }
}
