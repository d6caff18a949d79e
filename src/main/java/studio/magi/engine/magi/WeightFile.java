package studio.magi.engine.magi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights of one part of a checkpoint (the DiT, the VAE or the text encoder): one safetensors file, or shards
 * listed by a {@code *.safetensors.index.json} ("weight_map": tensor name to shard file). Tensors come out as floats:
 * BF16 and F16 widened, F8_E4M3 codes multiplied by the per-tensor scale stored beside them as {@code <name>_scale}.
 * Every tensor is checked against the shape the config asks for.
 */
final class WeightFile implements AutoCloseable {
    private static final String INDEX = ".index.json";

    private final String name;
    private final String section;
    private final Map<String, SafetensorsFile> byTensor;
    private final Map<Path, SafetensorsFile> files;

    private WeightFile(String name, String section, Map<String, SafetensorsFile> byTensor, Map<Path, SafetensorsFile> files) {
        this.name = name;
        this.section = section;
        this.byTensor = byTensor;
        this.files = files;
    }

    /**
     * Opens {@code fileName} in the folder: a safetensors file, an index of shards, or (when only that exists) the
     * index beside the named file. {@code section} names the part of config.json the shapes come from.
     */
    static WeightFile open(Path folder, String fileName, String section) {
        Path single = inside(folder, fileName, "config.json");
        if (!fileName.endsWith(INDEX) && Files.isRegularFile(single)) {
            SafetensorsFile file = SafetensorsFile.open(single);
            Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
            file.entries().keySet().forEach(t -> byTensor.put(t, file));
            return new WeightFile(fileName, section, byTensor, Map.of(single, file));
        }
        Path index = fileName.endsWith(INDEX) ? single : inside(folder, fileName + INDEX, "config.json");
        if (!Files.isRegularFile(index)) {
            throw new CheckpointException(single + ": no such file (nor " + index.getFileName() + ")");
        }
        return sharded(folder, index, fileName, section);
    }

    private static WeightFile sharded(Path folder, Path index, String fileName, String section) {
        JsonNode map;
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(index));
            map = root == null ? null : root.get("weight_map");
        } catch (IOException e) {
            throw new CheckpointException(index + ": not a readable shard index (" + e.getMessage() + ")", e);
        }
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new CheckpointException(index + ": no weight_map");
        }
        Map<Path, SafetensorsFile> files = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new CheckpointException(index + ": weight_map['" + e.getKey() + "'] is not a file name");
                }
                Path shard = inside(folder, e.getValue().asText(), index.getFileName().toString());
                SafetensorsFile file = files.get(shard);
                if (file == null) {
                    file = SafetensorsFile.open(shard);
                    files.put(shard, file);
                }
                if (!file.entries().containsKey(e.getKey())) {
                    throw new CheckpointException(index + ": weight_map puts '" + e.getKey() + "' in " + shard.getFileName()
                            + ", which lacks it");
                }
                byTensor.put(e.getKey(), file);
            }
        } catch (RuntimeException e) {
            files.values().forEach(SafetensorsFile::close);
            throw e;
        }
        return new WeightFile(fileName, section, byTensor, files);
    }

    /** A file named by the checkpoint must lie in its folder: a name is data, never a path to elsewhere. */
    static Path inside(Path folder, String fileName, String namedBy) {
        Path p = folder.resolve(fileName).normalize();
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\") || !p.getParent().equals(folder.normalize())) {
            throw new CheckpointException(folder.resolve(namedBy) + ": the file name '" + fileName
                    + "' points outside the checkpoint folder");
        }
        return p;
    }

    String name() {
        return name;
    }

    boolean has(String tensor) {
        return byTensor.containsKey(tensor);
    }

    TensorEntry entry(String tensor) {
        SafetensorsFile file = byTensor.get(tensor);
        if (file == null) {
            throw new CheckpointException(name + " lacks the tensor '" + tensor + "' that config.json's " + section + " needs");
        }
        return file.entry(tensor);
    }

    /** The tensor as floats, after checking it has the given shape. */
    float[] floats(String tensor, long... shape) {
        TensorEntry e = entry(tensor);
        if (!Arrays.equals(e.shape(), shape)) {
            throw new CheckpointException(byTensor.get(tensor).path() + ": '" + tensor + "' has shape " + e.shapeText()
                    + ", config.json's " + section + " needs " + Arrays.toString(shape));
        }
        if (!e.type().isFloating()) {
            throw new CheckpointException(byTensor.get(tensor).path() + ": '" + tensor + "' holds " + e.type()
                    + ", weights are real numbers");
        }
        float[] values = byTensor.get(tensor).floats(tensor);
        if (e.type() == TensorType.F8_E4M3) {
            float scale = scale(tensor);
            for (int i = 0; i < values.length; i++) {
                values[i] *= scale;
            }
        }
        return values;
    }

    private float scale(String tensor) {
        String scaleName = tensor + "_scale";
        SafetensorsFile file = byTensor.get(scaleName);
        if (file == null) {
            throw new CheckpointException(byTensor.get(tensor).path() + ": the F8_E4M3 tensor '" + tensor
                    + "' has no scale '" + scaleName + "'");
        }
        TensorEntry e = file.entry(scaleName);
        if (e.elements() != 1 || !e.type().isFloating() || e.type() == TensorType.F8_E4M3) {
            throw new CheckpointException(file.path() + ": '" + scaleName + "' must be one real number, it is "
                    + e.type() + " " + e.shapeText());
        }
        return file.floats(scaleName)[0];
    }

    @Override
    public void close() {
        files.values().forEach(SafetensorsFile::close);
    }
}
