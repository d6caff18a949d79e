package studio.magi.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A `--config` file for `./magi generate`: a JSON object with the flags' fields (mode, prompt, chunks, steps...) and
 * the MAGI reference's runtime_config names (num_steps, window_size, cfg_number, seed, num_frames, video_size_h...),
 * flat or inside "runtime_config". Other sections of the reference's config (model_config, engine_config) describe
 * the model, which the checkpoint folder does; they are skipped.
 */
final class GenerateConfigFile {
    /** Field names the file may use, each with the name it means. */
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        for (String same : List.of("mode", "prompt", "chunks", "image_path", "prefix_video_path", "frames_dir", "seed",
                "cfg_number", "fp8", "model", "device", "threads", "num_frames", "video_size_h", "video_size_w", "fps",
                "t5_pretrained", "vae_pretrained", "cfg_t_range", "text_scales", "prev_chunk_scales", "noise2clean_kvrange",
                "t_schedule_shift", "output", "steps", "window")) {
            NAMES.put(same, same);
        }
        NAMES.put("prompts", "prompt");
        NAMES.put("output_path", "output");
        NAMES.put("num_steps", "steps");
        NAMES.put("window_size", "window");
        NAMES.put("load", "model");
    }

    /** Sections of the reference's config that describe the model, not a generation. */
    private static final List<String> MODEL_SECTIONS = List.of("model_config", "engine_config", "vae_config", "text_config");

    /** A config is a few hundred bytes; anything near this is not one. */
    static final int MAX_BYTES = 1 << 20;

    private final Path file;
    private final Map<String, JsonNode> fields;
    private final List<String> ignored;

    private GenerateConfigFile(Path file, Map<String, JsonNode> fields, List<String> ignored) {
        this.file = file;
        this.fields = fields;
        this.ignored = ignored;
    }

    static GenerateConfigFile none() {
        return new GenerateConfigFile(null, Map.of(), List.of());
    }

    static GenerateConfigFile read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(bytes(file));
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": not valid JSON (" + OneLine.of(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new UserError(file + ": not a JSON object");
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        collect(root, fields, ignored, "");
        JsonNode runtime = root.get("runtime_config");
        if (runtime != null && runtime.isObject()) {
            collect(runtime, fields, ignored, "runtime_config.");
        }
        return new GenerateConfigFile(file, fields, ignored);
    }

    /**
     * The file's bytes: only a regular file is opened (a FIFO or a device such as /dev/zero would keep the program
     * waiting or fill its memory), and no more than {@link #MAX_BYTES} are read, however long it grows meanwhile.
     */
    private static byte[] bytes(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": not a regular file (a folder, a FIFO or a device); --config takes a JSON file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new UserError(file + ": larger than " + (MAX_BYTES >> 10) + " KB; a --config file is a few lines of JSON");
            }
            return bytes;
        }
    }

    private static void collect(JsonNode node, Map<String, JsonNode> fields, List<String> ignored, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = NAMES.get(e.getKey());
            if (name != null) {
                fields.put(name, e.getValue());
            } else if (!e.getKey().equals("runtime_config") && !MODEL_SECTIONS.contains(e.getKey())) {
                ignored.add(prefix + e.getKey());
            }
        }
    }

    /** Fields the file has that generate does not use (the model's own settings come from the checkpoint). */
    List<String> ignored() {
        return ignored;
    }

    boolean has(String name) {
        return fields.containsKey(name) && !fields.get(name).isNull();
    }

    private UserError bad(String name, String what) {
        return new UserError(file + ": " + name + " must be " + what + ", it is " + fields.get(name));
    }

    String text(String name) {
        JsonNode v = fields.get(name);
        if (!v.isTextual()) {
            throw bad(name, "a text");
        }
        return v.asText();
    }

    /** A whole number from min to max, compared as written (no wrap: 4294967297 is not 1). */
    long whole(String name, long min, long max) {
        JsonNode v = fields.get(name);
        if (!v.isIntegralNumber()) {
            throw bad(name, "a whole number");
        }
        BigInteger n = v.bigIntegerValue();
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw bad(name, "a whole number from " + min + " to " + max);
        }
        return n.longValue();
    }

    long whole(String name) {
        return whole(name, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A whole number that fits an int; the option's own range is checked where it is used. */
    int integer(String name) {
        return (int) whole(name, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    double number(String name) {
        JsonNode v = fields.get(name);
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw bad(name, "a number");
        }
        return v.asDouble();
    }

    boolean flag(String name) {
        JsonNode v = fields.get(name);
        if (!v.isBoolean()) {
            throw bad(name, "true or false");
        }
        return v.asBoolean();
    }

    /** A text or a list of texts. */
    List<String> texts(String name) {
        JsonNode v = fields.get(name);
        if (v.isTextual()) {
            return List.of(v.asText());
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode n : v) {
                if (!n.isTextual()) {
                    throw bad(name, "a text or a list of texts");
                }
                out.add(n.asText());
            }
        }
        if (out.isEmpty()) {
            throw bad(name, "a text or a list of texts");
        }
        return out;
    }

    List<Double> numbers(String name) {
        JsonNode v = fields.get(name);
        List<Double> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode n : v) {
                if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
                    throw bad(name, "a list of numbers");
                }
                out.add(n.asDouble());
            }
        }
        if (out.isEmpty()) {
            throw bad(name, "a list of numbers");
        }
        return out;
    }

    /** A list of positive whole numbers that fit an int (a number of chunks each). */
    List<Integer> integers(String name) {
        JsonNode v = fields.get(name);
        List<Integer> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode n : v) {
                if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1) {
                    throw bad(name, "a list of whole numbers from 1 to " + Integer.MAX_VALUE);
                }
                out.add(n.intValue());
            }
        }
        if (out.isEmpty()) {
            throw bad(name, "a list of whole numbers from 1 to " + Integer.MAX_VALUE);
        }
        return out;
    }

    Path path(String name) {
        try {
            return Path.of(text(name));
        } catch (InvalidPathException e) {
            throw new UserError(file + ": " + name + " is not a usable path (" + e.getReason() + ")");
        }
    }
}
