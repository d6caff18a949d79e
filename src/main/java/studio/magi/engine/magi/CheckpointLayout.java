package studio.magi.engine.magi;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a path given as a model is, told by its content, not its name: a nano checkpoint folder (a {@code config.json}
 * with {@code format_version}, the studio's own export), or a MAGI-1 reference checkpoint as downloaded (a config
 * file with the sections model_config, runtime_config and engine_config, or a folder holding exactly one such file).
 * Anything else is refused in one line saying what was looked for.
 */
public sealed interface CheckpointLayout {
    /** The studio's own format: the folder of config.json. */
    record Nano(Path folder) implements CheckpointLayout {
    }

    /** The MAGI-1 reference's format: its config file (which names the weight, T5 and VAE folders). */
    record Reference(Path config) implements CheckpointLayout {
    }

    /** Largest JSON file read while looking for a reference config: configs are a few kilobytes. */
    long MAX_CONFIG_BYTES = 1 << 20;

    static CheckpointLayout detect(Path path) {
        if (Files.isRegularFile(path)) {
            JsonNode root = ReferenceConfig.json(path);
            if (ReferenceConfig.isReference(root)) {
                return new Reference(path);
            }
            if (root != null && root.has("format_version") && path.getFileName().toString().equals("config.json")) {
                return new Nano(path.toAbsolutePath().getParent());
            }
            throw new CheckpointException(path + ": neither a MAGI-1 reference config (the sections "
                    + String.join(", ", ReferenceConfig.SECTIONS) + ") nor a nano config.json (format_version)");
        }
        if (!Files.isDirectory(path)) {
            throw new CheckpointException(path + ": no such checkpoint folder");
        }
        Path config = path.resolve("config.json");
        if (Files.isRegularFile(config)) {
            JsonNode root = ReferenceConfig.json(config);
            if (ReferenceConfig.isReference(root) && !root.has("format_version")) {
                return new Reference(config);
            }
            if (root != null && root.has("format_version")) {
                return new Nano(path);
            }
            throw new CheckpointException(config + ": neither a nano config (it has no format_version) nor a MAGI-1 "
                    + "reference config (the sections " + String.join(", ", ReferenceConfig.SECTIONS) + ")");
        }
        List<Path> references = new ArrayList<>();
        for (Path json : jsonFiles(path)) {
            try {
                if (ReferenceConfig.isReference(ReferenceConfig.json(json))) {
                    references.add(json);
                }
            } catch (CheckpointException e) {
                // Another JSON file (an index, a tokenizer...), or a damaged one: not a config either way.
            }
        }
        if (references.size() == 1) {
            return new Reference(references.get(0));
        }
        if (references.size() > 1) {
            throw new CheckpointException(path + ": holds " + references.size() + " MAGI-1 reference configs ("
                    + String.join(", ", references.stream().map(p -> p.getFileName().toString()).toList())
                    + "): name the one to load");
        }
        String weights = referenceWeightsHere(path);
        if (weights != null) {
            throw new CheckpointException(path + ": holds MAGI-1 reference weights (" + weights + ") but no config: "
                    + "load the reference's config file for them (e.g. example/4.5B/4.5B_distill_config.json) with "
                    + "runtime_config.load naming " + (weights.startsWith("inference_weight") ? "this folder" : "the folder above")
                    + ", relative to the config file or absolute");
        }
        throw new CheckpointException(config + ": no such file, and no MAGI-1 reference config here (a .json with "
                + String.join(", ", ReferenceConfig.SECTIONS) + "): not a checkpoint folder");
    }

    private static List<Path> jsonFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                    .filter(f -> {
                        try {
                            return Files.size(f) <= MAX_CONFIG_BYTES;
                        } catch (IOException e) {
                            return false;
                        }
                    }).sorted().toList();
        } catch (IOException e) {
            throw new CheckpointException(folder + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /** The reference's weight folder (or its index) in this folder, or null. */
    private static String referenceWeightsHere(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            for (String n : names) {
                if (n.startsWith("inference_weight") && Files.isDirectory(folder.resolve(n))) {
                    return n + "/";
                }
            }
            Path name = folder.toAbsolutePath().normalize().getFileName();
            if (name != null && name.toString().startsWith("inference_weight")) {
                for (String n : names) {
                    if (n.equals("model.safetensors.index.json") || n.equals("model.safetensors")) {
                        return n;
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new CheckpointException(folder + ": cannot list (" + e.getMessage() + ")", e);
        }
    }
}
