package studio.magi.engine.magi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The weights of one part of a checkpoint (the DiT, the VAE or the text encoder): one safetensors file, or shards
 * listed by a {@code *.safetensors.index.json} ("weight_map": tensor name to shard file). Tensors come out as floats:
 * BF16 and F16 widened, F8_E4M3 codes multiplied by the per-tensor scale stored beside them as {@code <name>_scale};
 * or as stored: fp8 codes ({@link #codes}) and bf16 bytes ({@link #bf16}), for weights held in their own precision.
 * Every tensor is checked against the shape the config asks for. Every file's header is checked when it is opened; the
 * tensors themselves are read one at a time, when asked for.
 */
final class WeightFile implements AutoCloseable {
    private static final String INDEX = ".index.json";

    private final String name;
    /** What asks for the tensors, for messages: "config.json's model_config". */
    private final String neededBy;
    private final Map<String, SafetensorsFile> byTensor;
    private final Map<Path, SafetensorsFile> files;

    private WeightFile(String name, String neededBy, Map<String, SafetensorsFile> byTensor, Map<Path, SafetensorsFile> files) {
        this.name = name;
        this.neededBy = neededBy;
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
            return new WeightFile(fileName, "config.json's " + section, byTensor, Map.of(single, file));
        }
        Path index = fileName.endsWith(INDEX) ? single : inside(folder, fileName + INDEX, "config.json");
        if (!Files.isRegularFile(index)) {
            throw new CheckpointException(single + ": no such file (nor " + index.getFileName() + ")");
        }
        return sharded(folder, index, fileName, "config.json's " + section);
    }

    /**
     * The weights of a folder laid out as Hugging Face and the MAGI-1 reference write them: {@code BASE.safetensors.index.json}
     * and the shards it names, or else one {@code BASE.safetensors} (the index first, as the reference's checkpointing
     * does). Compressed shards ({@code .zst}) and pickle files ({@code .bin}, {@code .pt}, {@code .pth}) are refused with
     * the command that makes safetensors of them: {@code pickleFix} says how for this folder (DIR stands for the
     * folder, FILE for the first pickle file's name).
     * {@code neededBy} names what asks for the tensors, for messages.
     */
    static WeightFile openFolder(Path dir, String base, String neededBy, String pickleFix) {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir + ": no such folder");
        }
        Path index = dir.resolve(base + ".safetensors" + INDEX);
        Path single = dir.resolve(base + ".safetensors");
        if (Files.isRegularFile(index)) {
            return sharded(dir, index, base + ".safetensors", neededBy);
        }
        if (Files.isRegularFile(single)) {
            SafetensorsFile file = SafetensorsFile.open(single);
            Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
            file.entries().keySet().forEach(t -> byTensor.put(t, file));
            return new WeightFile(single.getFileName().toString(), neededBy, byTensor, Map.of(single, file));
        }
        List<Path> compressed = listing(dir, f -> f.endsWith(".safetensors.zst"));
        if (!compressed.isEmpty()) {
            throw compressed(compressed.get(0), compressed.size());
        }
        List<Path> pickles = listing(dir, f -> f.endsWith(".bin") || f.endsWith(".pt") || f.endsWith(".pth"));
        if (!pickles.isEmpty()) {
            throw new CheckpointException(dir + ": holds pickle weights (" + pickles.get(0).getFileName()
                    + (pickles.size() > 1 ? " and " + (pickles.size() - 1) + " more" : "") + "), which can run code when"
                    + " loaded; the studio reads safetensors only. Convert them once: "
                    + pickleFix.replace("DIR", dir.toString()).replace("FILE", pickles.get(0).getFileName().toString()));
        }
        throw new CheckpointException(dir + ": holds neither " + index.getFileName() + " nor " + single.getFileName());
    }

    /** A shard compressed with zstd: the reference decompresses it on the fly, the studio asks for it once. */
    static CheckpointException compressed(Path zst, int count) {
        String name = zst.getFileName().toString();
        String plain = name.substring(0, name.length() - ".zst".length());
        String what = count > 1 ? "; so are " + (count - 1) + " more: zstd -d " + zst.getParent() + "/*.zst" : "";
        return new CheckpointException(zst + ": compressed with zstd; the studio reads safetensors as they are. "
                + "Decompress it once: zstd -d " + zst + " (it writes " + plain + " beside it)" + what);
    }

    private static List<Path> listing(Path dir, java.util.function.Predicate<String> name) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> name.test(f.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new CheckpointException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static WeightFile sharded(Path folder, Path index, String fileName, String neededBy) {
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
                    if (!Files.exists(shard)) {
                        Path zst = shard.resolveSibling(shard.getFileName() + ".zst");
                        if (Files.exists(zst)) {
                            throw compressed(zst, 1);
                        }
                        throw new CheckpointException(index + ": weight_map puts '" + e.getKey() + "' in "
                                + shard.getFileName() + ", which is not in " + folder + " (an unfinished download?)");
                    }
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
        return new WeightFile(fileName, neededBy, byTensor, files);
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

    /** Every tensor's name, in the order of the index or the file. */
    Set<String> names() {
        return byTensor.keySet();
    }

    /** The file that holds the tensor. */
    Path fileOf(String tensor) {
        entry(tensor);
        return byTensor.get(tensor).path();
    }

    /** How many files the weights are in. */
    int fileCount() {
        return files.size();
    }

    /** The files, in the order they were opened. */
    List<Path> files() {
        return new ArrayList<>(files.keySet());
    }

    TensorEntry entry(String tensor) {
        SafetensorsFile file = byTensor.get(tensor);
        if (file == null) {
            throw new CheckpointException(name + " lacks the tensor '" + tensor + "' that " + neededBy + " needs");
        }
        return file.entry(tensor);
    }

    /** The tensor as floats, after checking it has the given shape. */
    float[] floats(String tensor, long... shape) {
        TensorEntry e = entry(tensor);
        if (!Arrays.equals(e.shape(), shape)) {
            throw new CheckpointException(byTensor.get(tensor).path() + ": '" + tensor + "' has shape " + e.shapeText()
                    + ", " + neededBy + " needs " + Arrays.toString(shape));
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

    /** An F8_E4M3 tensor's codes as stored, one byte each, after checking its shape. */
    byte[] codes(String tensor, long... shape) {
        TensorEntry e = entry(tensor);
        if (e.type() != TensorType.F8_E4M3 || !Arrays.equals(e.shape(), shape)) {
            throw new CheckpointException(byTensor.get(tensor).path() + ": '" + tensor + "' is " + e.type() + " "
                    + e.shapeText() + ", " + neededBy + " needs F8_E4M3 " + Arrays.toString(shape));
        }
        java.nio.ByteBuffer raw = byTensor.get(tensor).bytes(tensor);
        byte[] out = new byte[raw.remaining()];
        raw.get(out);
        return out;
    }

    /** A BF16 tensor's bytes as stored, two a value (little-endian), after checking its shape. */
    java.nio.ByteBuffer bf16(String tensor, long... shape) {
        TensorEntry e = entry(tensor);
        if (e.type() != TensorType.BF16 || !Arrays.equals(e.shape(), shape)) {
            throw new CheckpointException(byTensor.get(tensor).path() + ": '" + tensor + "' is " + e.type() + " "
                    + e.shapeText() + ", " + neededBy + " needs BF16 " + Arrays.toString(shape));
        }
        return byTensor.get(tensor).bytes(tensor);
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
