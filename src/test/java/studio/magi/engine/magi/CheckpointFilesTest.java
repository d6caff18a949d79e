package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.DeviceName;

/** A checkpoint is data: damaged or mismatched files are refused with a message naming the file and the field. */
class CheckpointFilesTest {
    @TempDir
    Path dir;

    /** A copy of the checkpoint whose files link to the real ones, except those a test replaces. */
    private Path linkedCopy() throws IOException {
        Path copy = dir.resolve("ckpt");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(Fixture.CHECKPOINT)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.createSymbolicLink(copy.resolve(f.getFileName()), f.toAbsolutePath());
            }
        }
        return copy;
    }

    private static Path replace(Path folder, String name, byte[] bytes) throws IOException {
        Path p = folder.resolve(name);
        Files.delete(p);
        Files.write(p, bytes);
        return p;
    }

    private static String refused(Path folder) {
        return assertThrows(CheckpointException.class, () -> MagiModel.load(folder, false, DeviceName.CPU).close()).getMessage();
    }

    private static byte[] safetensors(String headerJson, int dataBytes) {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        return b.array();
    }

    @Test
    void aTruncatedWeightsFileIsRefusedNamingTheFile() throws IOException {
        Path ckpt = linkedCopy();
        byte[] whole = Files.readAllBytes(Fixture.CHECKPOINT.resolve("vae.safetensors"));
        Path cut = replace(ckpt, "vae.safetensors", java.util.Arrays.copyOf(whole, whole.length / 2));
        String message = refused(ckpt);
        assertTrue(message.contains(cut.toString()) && message.contains("past the end"), message);
        replace(ckpt, "vae.safetensors", new byte[5]);
        assertTrue(refused(ckpt).contains("truncated"), refused(ckpt));
    }

    @Test
    void aHeaderLongerThanTheFileIsRefused() throws IOException {
        Path ckpt = linkedCopy();
        byte[] whole = Files.readAllBytes(Fixture.CHECKPOINT.resolve("text_encoder.safetensors"));
        ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN).putLong(0, whole.length);
        replace(ckpt, "text_encoder.safetensors", whole);
        String message = refused(ckpt);
        assertTrue(message.contains("text_encoder.safetensors") && message.contains("header length"), message);
    }

    @Test
    void badHeadersAreRefusedBeforeAnyTensorIsRead() throws IOException {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", "not valid JSON");
        cases.put("{\"a\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", "unknown dtype 'Q7'");
        cases.put("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "needs 12 bytes");
        cases.put("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[4,12]}}", "overlap");
        cases.put("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", "past the end");
        cases.put("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", "bad shape");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = dir.resolve("bad.safetensors");
            Files.write(file, safetensors(c.getKey(), 12));
            String message = assertThrows(CheckpointException.class, () -> SafetensorsFile.open(file).close()).getMessage();
            assertTrue(message.contains(file.toString()) && message.contains(c.getValue()), c.getValue() + " <- " + message);
        }
    }

    @Test
    void aConfigThatDoesNotFitTheWeightsIsRefusedNamingTheTensorAndTheSection() throws IOException {
        Path ckpt = linkedCopy();
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(Files.readString(Fixture.CHECKPOINT.resolve("config.json")));
        int hidden = config.get("model_config").get("hidden_size").asInt();
        ((ObjectNode) config.get("model_config")).put("hidden_size", 2 * hidden);
        replace(ckpt, "config.json", config.toString().getBytes(StandardCharsets.UTF_8));
        String message = refused(ckpt);
        assertTrue(message.contains("model.safetensors") && message.contains("model_config needs") && message.contains("has shape"),
                message);
    }

    @Test
    void aPositionTableTheWeightsDoNotHoldInThatShapeIsRefusedNamingIt() throws IOException {
        Path ckpt = linkedCopy();
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(Files.readString(Fixture.CHECKPOINT.resolve("config.json")));
        ((ObjectNode) config.get("model_config")).putArray("abs_pos_embed").add(6).add(4).add(5);
        replace(ckpt, "config.json", config.toString().getBytes(StandardCharsets.UTF_8));
        String message = refused(ckpt);
        assertTrue(message.contains("'abs_pos_embed'") && message.contains("model_config"), message);
        ((ObjectNode) config.get("model_config")).putArray("abs_pos_embed").add(6).add(4);
        replace(ckpt, "config.json", config.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(refused(ckpt).contains("abs_pos_embed must name 3 sizes"), refused(ckpt));
    }

    @Test
    void aMissingOrIncompleteConfigIsNamed() throws IOException {
        Path ckpt = linkedCopy();
        Files.delete(ckpt.resolve("config.json"));
        assertTrue(refused(ckpt).contains("config.json: no such file"), refused(ckpt));
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(Files.readString(Fixture.CHECKPOINT.resolve("config.json")));
        ((ObjectNode) config.get("runtime_config")).remove("clean_t");
        Files.writeString(ckpt.resolve("config.json"), config.toString());
        assertTrue(refused(ckpt).contains("runtime_config.clean_t is missing"), refused(ckpt));
        Files.writeString(ckpt.resolve("config.json"), "{\"model_config\": ");
        assertTrue(refused(ckpt).contains("not valid JSON"), refused(ckpt));
        assertTrue(refused(dir.resolve("nowhere")).contains("no such checkpoint folder"));
    }

    @Test
    void aFileNameInTheConfigCannotPointOutsideTheFolder() throws IOException {
        Path ckpt = linkedCopy();
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(Files.readString(Fixture.CHECKPOINT.resolve("config.json")));
        config.put("weights", "../elsewhere/model.safetensors");
        replace(ckpt, "config.json", config.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(refused(ckpt).contains("points outside the checkpoint folder"), refused(ckpt));
    }

    @Test
    void shardsListedByAnIndexLoadLikeOneFile() throws IOException {
        Path ckpt = linkedCopy();
        Files.delete(ckpt.resolve("model.safetensors"));
        List<String> names = new ArrayList<>();
        Map<String, String> weightMap = new LinkedHashMap<>();
        try (SafetensorsFile whole = SafetensorsFile.open(Fixture.CHECKPOINT.resolve("model.safetensors"))) {
            names.addAll(whole.entries().keySet());
            List<List<String>> halves = List.of(names.subList(0, names.size() / 2), names.subList(names.size() / 2, names.size()));
            for (int s = 0; s < 2; s++) {
                String shard = "model-0000" + (s + 1) + "-of-00002.safetensors";
                writeShard(whole, halves.get(s), ckpt.resolve(shard));
                halves.get(s).forEach(n -> weightMap.put(n, shard));
            }
        }
        Files.writeString(ckpt.resolve("model.safetensors.index.json"),
                new ObjectMapper().writeValueAsString(Map.of("metadata", Map.of(), "weight_map", weightMap)));
        try (WeightFile sharded = WeightFile.open(ckpt, "model.safetensors", "model_config");
                WeightFile single = WeightFile.open(Fixture.CHECKPOINT, "model.safetensors", "model_config")) {
            for (String n : names) {
                long[] shape = single.entry(n).shape();
                assertArrayEquals(single.floats(n, shape), sharded.floats(n, shape), n);
            }
        }
        MagiModel.load(ckpt, false, DeviceName.CPU).close();
        weightMap.put(names.get(0), "model-00002-of-00002.safetensors");
        Files.writeString(ckpt.resolve("model.safetensors.index.json"),
                new ObjectMapper().writeValueAsString(Map.of("weight_map", weightMap)));
        assertTrue(refused(ckpt).contains("which lacks it"), refused(ckpt));
    }

    private static void writeShard(SafetensorsFile from, List<String> names, Path to) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        List<ByteBuffer> data = new ArrayList<>();
        long offset = 0;
        for (String n : names) {
            TensorEntry e = from.entry(n);
            ByteBuffer bytes = from.bytes(n);
            header.put(n, Map.of("dtype", e.type().name(), "shape", e.shape(), "data_offsets", List.of(offset, offset + bytes.remaining())));
            offset += bytes.remaining();
            data.add(bytes);
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        ByteBuffer out = ByteBuffer.allocate((int) (8 + json.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        data.forEach(out::put);
        Files.write(to, out.array());
    }

    @Test
    void fp8WeightsAreDequantizedWithTheirScale() {
        try (Fixture f = Fixture.open("fp8")) {
            float[] table = f.floats("all_values");
            byte[] codes = f.bytes("all_codes");
            for (int i = 0; i < codes.length; i++) {
                float v = SafetensorsFile.e4m3(codes[i]);
                assertEquals(table[i], Float.isNaN(v) ? 0f : v, "code " + (codes[i] & 0xFF));
            }
            try (WeightFile fp8 = WeightFile.open(Fixture.CHECKPOINT, "model-fp8.safetensors", "model_config")) {
                String name = "videodit_blocks.layers.1.mlp.linear_fc1.weight";
                assertEquals(TensorType.F8_E4M3, fp8.entry(name).type());
                f.assertClose("dequantized", fp8.floats(name, f.shape("dequantized")));
            }
        }
        try (MagiModel model = MagiModel.load(Fixture.CHECKPOINT, true, DeviceName.CPU)) {
            assertTrue(model.fp8());
        }
    }
}
