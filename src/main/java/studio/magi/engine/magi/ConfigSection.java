package studio.magi.engine.magi;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** One object of config.json (model_config, runtime_config...), read field by field with messages naming both. */
final class ConfigSection {
    private final Path file;
    private final String name;
    private final JsonNode node;

    ConfigSection(Path file, String name, JsonNode node) {
        this.file = file;
        this.name = name;
        this.node = node;
    }

    static ConfigSection of(Path file, JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || !node.isObject()) {
            throw new CheckpointException(file + " lacks the section '" + name + "'");
        }
        return new ConfigSection(file, name, node);
    }

    String name() {
        return name;
    }

    private JsonNode field(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new CheckpointException(file + ": " + name + "." + key + " is missing");
        }
        return v;
    }

    private CheckpointException bad(String key, String what) {
        return new CheckpointException(file + ": " + name + "." + key + " must be " + what + ", it is " + node.get(key));
    }

    /** Whether an optional field is there (and not null). */
    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    int positive(String key) {
        JsonNode v = field(key);
        if (!v.isIntegralNumber() || v.asLong() <= 0 || v.asLong() > Integer.MAX_VALUE) {
            throw bad(key, "a positive whole number");
        }
        return v.asInt();
    }

    double number(String key) {
        JsonNode v = field(key);
        if (!v.isNumber()) {
            throw bad(key, "a number");
        }
        return v.asDouble();
    }

    double positiveNumber(String key) {
        double d = number(key);
        if (!(d > 0) || Double.isInfinite(d)) {
            throw bad(key, "a positive number");
        }
        return d;
    }

    boolean flag(String key) {
        JsonNode v = field(key);
        if (!v.isBoolean()) {
            throw bad(key, "true or false");
        }
        return v.asBoolean();
    }

    String text(String key) {
        JsonNode v = field(key);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw bad(key, "a text");
        }
        return v.asText();
    }

    double[] numbers(String key) {
        JsonNode v = field(key);
        if (!v.isArray() || v.isEmpty()) {
            throw bad(key, "a list of numbers");
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) {
                throw bad(key, "a list of numbers");
            }
            out[i] = v.get(i).asDouble();
        }
        return out;
    }

    int[] positives(String key) {
        JsonNode v = field(key);
        if (!v.isArray() || v.isEmpty()) {
            throw bad(key, "a list of positive whole numbers");
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isIntegralNumber() || v.get(i).asInt() <= 0) {
                throw bad(key, "a list of positive whole numbers");
            }
            out[i] = v.get(i).asInt();
        }
        return out;
    }

    /** A value that this engine only supports in one setting. */
    void require(boolean ok, String key, String supported) {
        if (!ok) {
            throw new CheckpointException(file + ": " + name + "." + key + " is " + node.get(key)
                    + "; this engine supports " + supported);
        }
    }

    /** A relation between fields that must hold. */
    void check(boolean ok, String message) {
        if (!ok) {
            throw new CheckpointException(file + ": " + name + ": " + message);
        }
    }
}
