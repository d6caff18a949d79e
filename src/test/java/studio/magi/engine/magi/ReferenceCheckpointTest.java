package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.DeviceName;

/**
 * MAGI-1 reference checkpoints as downloaded, with the tiny ones in the reference's exact format
 * (ckpt/tiny-reference, written by training/magi_nano/tiny_reference.py): told apart from nano's folders by content,
 * opened from their config (index and shards, or one file; T5 and VAE folders), checked tensor by tensor, and every
 * damaged or mismatched case refused in one line with nothing written.
 */
class ReferenceCheckpointTest {
    static final Path TINY = Path.of("ckpt", "tiny-reference");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Path config(String name) {
        return TINY.resolve(name + "_config.json");
    }

    @Test
    void eachTinyReferenceConfigOpensWithItsWeightsT5AndVae() {
        Map<String, Object[]> cases = Map.of(
                "tiny_base", new Object[] {"inference_weight", 1, "base"},
                "tiny_distill", new Object[] {"inference_weight.distill", 2, "distill"},
                "tiny_distill_quant", new Object[] {"inference_weight.fp8.distill", 2, "fp8 (e4m3) in layers 1 to 2"},
                "tiny24_distill", new Object[] {"inference_weight.distill", 3, "distill"},
                "tiny24_distill_quant", new Object[] {"inference_weight.fp8.distill", 2, "fp8 (e4m3) in layers 1 to 1"});
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            try (ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(config(c.getKey()))) {
                assertEquals(c.getValue()[0], ckpt.weightFolder().getFileName().toString(), c.getKey());
                assertTrue(ckpt.weightFolder().startsWith(TINY.toAbsolutePath().resolve("magi").resolve(c.getKey())));
                assertEquals(c.getValue()[1], ckpt.weights().fileCount(), c.getKey());
                assertTrue(ckpt.summary().contains((String) c.getValue()[2]), ckpt.summary());
                assertEquals(ReferenceCheckpoint.T5_NAME, ckpt.t5Folder().getFileName().toString());
                assertEquals(c.getKey().startsWith("tiny24") ? "vae24" : "vae", ckpt.vaeFolder().getFileName().toString());
                assertNotNull(ckpt.specialTokens());
                assertTrue(ckpt.parameters() > (c.getKey().startsWith("tiny24") ? 100_000 : 400_000), ckpt.summary());
            }
        }
        try (ReferenceCheckpoint big = ReferenceCheckpoint.open(config("tiny24_distill"))) {
            ReferenceConfig.Model m = big.config().model();
            assertTrue(m.gatedLinearUnit() && m.halfChannelVae() && m.xRescale() == 0.1);
            assertArrayEquals(new long[] {2L * m.ffnHidden(), m.hidden()},
                    big.weights().entry("videodit_blocks.layers.1.mlp.linear_fc1.weight").shape());
        }
    }

    @Test
    void layoutIsToldByContent() throws IOException {
        assertInstanceOf(CheckpointLayout.Nano.class, CheckpointLayout.detect(Fixture.CHECKPOINT));
        assertInstanceOf(CheckpointLayout.Nano.class, CheckpointLayout.detect(Fixture.CHECKPOINT.resolve("config.json")));
        assertEquals(new CheckpointLayout.Reference(config("tiny_distill")), CheckpointLayout.detect(config("tiny_distill")));

        Path one = linkedCopy();
        for (String other : List.of("tiny_base", "tiny_distill_quant", "tiny24_distill", "tiny24_distill_quant")) {
            Files.delete(one.resolve(other + "_config.json"));
        }
        assertEquals(new CheckpointLayout.Reference(one.resolve("tiny_distill_config.json")), CheckpointLayout.detect(one));
        Files.move(one.resolve("tiny_distill_config.json"), one.resolve("config.json"));
        assertEquals(new CheckpointLayout.Reference(one.resolve("config.json")), CheckpointLayout.detect(one));

        assertTrue(refusedLayout(TINY).contains("holds 5 MAGI-1 reference configs"), refusedLayout(TINY));
        Path weights = TINY.resolve("magi/tiny_distill");
        assertTrue(refusedLayout(weights).contains("holds MAGI-1 reference weights (inference_weight.distill/) but no config"),
                refusedLayout(weights));
        assertTrue(refusedLayout(weights.resolve("inference_weight.distill")).contains("(model.safetensors.index.json) but no config"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.json"), "{\"a\": 1}");
        assertTrue(refusedLayout(empty).contains("no MAGI-1 reference config here"), refusedLayout(empty));
        assertTrue(refusedLayout(empty.resolve("notes.json")).contains("neither a MAGI-1 reference config"));
        Files.writeString(empty.resolve("config.json"), "{\"model_config\": {}}");
        assertTrue(refusedLayout(empty).contains("neither a nano config"), refusedLayout(empty));
    }

    @Test
    void nanosLoaderSendsAReferenceCheckpointToTheFactoryWhichLoadsFp8() {
        String message = assertThrows(CheckpointException.class,
                () -> MagiModel.load(config("tiny_distill_quant"), false, DeviceName.CPU).close()).getMessage();
        assertTrue(message.contains("a MAGI-1 reference checkpoint, which generate and the studio render")
                && message.contains("fp8"), message);
        assertFalse(message.contains("\n"));
        try (var fp8 = new MagiModelFactory().load(config("tiny_distill_quant"), DeviceName.CPU)) {
            assertTrue(fp8 instanceof ReferenceModel);
        }
        assertEquals(MagiModelFactory.REFERENCE_DURATION_TOKENS, new MagiModelFactory().durationTokens(config("tiny_base")));
    }

    @Test
    void shardsAreReadTensorByTensorAsOneFile() {
        try (ReferenceCheckpoint single = ReferenceCheckpoint.open(config("tiny_base"));
                ReferenceCheckpoint sharded = ReferenceCheckpoint.open(config("tiny_distill"))) {
            WeightFile a = single.weights();
            WeightFile b = sharded.weights();
            assertEquals(a.names(), b.names());
            for (String name : a.names()) {
                long[] shape = a.entry(name).shape();
                assertArrayEquals(a.floats(name, shape), b.floats(name, shape), name);
            }
            assertTrue(b.fileOf("final_linear.linear.weight").getFileName().toString().startsWith("model-00002-of-00002"));
            assertTrue(b.fileOf("x_embedder.weight").getFileName().toString().startsWith("model-00001-of-00002"));
        }
    }

    @Test
    void fp8LinearsHoldTheirWeightsAsTheReferenceComputesThem() {
        try (ReferenceCheckpoint bf16 = ReferenceCheckpoint.open(config("tiny_distill"));
                ReferenceCheckpoint fp8 = ReferenceCheckpoint.open(config("tiny_distill_quant"))) {
            WeightFile w = bf16.weights();
            WeightFile q = fp8.weights();
            for (String linear : List.of("self_attention.linear_qkv.q", "self_attention.linear_qkv.k", "mlp.linear_fc1",
                    "self_attention.linear_proj", "mlp.linear_fc2")) {
                String name = "videodit_blocks.layers.1." + linear;
                long[] shape = w.entry(name + ".weight").shape();
                float[] exact = w.floats(name + ".weight", shape);
                assertEquals(TensorType.F8_E4M3, q.entry(name + ".weight").type());
                // WeightFile multiplies e4m3 codes by the scale beside them ('<name>_scale': weight_scale)
                float[] scaled = q.floats(name + ".weight", 1, shape[0], shape[1]);
                float weightScale = q.floats(name + ".weight_scale", 1)[0];
                boolean perChannel = q.has(name + ".smooth_scale");
                float inputScale = perChannel ? q.floats(name + ".input_scale", 1)[0] : 1f;
                float[] smooth = perChannel ? q.floats(name + ".smooth_scale", 1, shape[1]) : null;
                for (int i = 0; i < exact.length; i++) {
                    // per tensor: W ~ codes * weight_scale; per channel: W * smooth ~ codes * weight_scale * input_scale
                    float value = scaled[i] * inputScale / (perChannel ? smooth[(int) (i % shape[1])] : 1f);
                    float tolerance = Math.abs(exact[i]) * 0.07f + weightScale * 0.002f / (perChannel ? smooth[(int) (i % shape[1])] : 1f);
                    assertTrue(Math.abs(value - exact[i]) <= tolerance, name + "[" + i + "]: " + value + " vs " + exact[i]);
                }
            }
            assertEquals(TensorType.BF16, q.entry("videodit_blocks.layers.0.mlp.linear_fc1.weight").type());
            assertEquals(TensorType.BF16, q.entry("videodit_blocks.layers.3.mlp.linear_fc1.weight").type());
            assertEquals(TensorType.BF16, q.entry("videodit_blocks.layers.1.self_attention.linear_kv_xattn.weight").type());
        }
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void aMissingShardIsRefusedAndACompressedOneNamesTheCommand() throws IOException {
        Path copy = linkedCopy();
        Path shard = copy.resolve("magi/tiny_distill/inference_weight.distill/model-00002-of-00002.safetensors");
        Files.move(shard, shard.resolveSibling(shard.getFileName() + ".zst"));
        assertRefused(copy, "tiny_distill", "zstd -d " + shard + ".zst");
        Files.delete(shard.resolveSibling(shard.getFileName() + ".zst"));
        assertRefused(copy, "tiny_distill", "in model-00002-of-00002.safetensors, which is not in");
        Path single = copy.resolve("magi/tiny_base/inference_weight/model.safetensors");
        Files.move(single, single.resolveSibling("model.safetensors.zst"));
        assertRefused(copy, "tiny_base", "Decompress it once: zstd -d " + single + ".zst");
    }

    @Test
    void anIndexNamingATensorItsShardLacksOrLeavingOneOutIsRefused() throws IOException {
        Path copy = linkedCopy();
        Path index = copy.resolve("magi/tiny_distill/inference_weight.distill/model.safetensors.index.json");
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(index));
        ObjectNode map = (ObjectNode) root.get("weight_map");
        map.put("videodit_blocks.layers.7.mlp.linear_fc1.weight", "model-00001-of-00002.safetensors");
        replace(index, root.toString());
        assertRefused(copy, "tiny_distill", "'videodit_blocks.layers.7.mlp.linear_fc1.weight' in model-00001-of-00002.safetensors, which lacks it");
        map.remove("videodit_blocks.layers.7.mlp.linear_fc1.weight");
        map.remove("rope.bands");
        replace(index, root.toString());
        assertRefused(copy, "tiny_distill", "lacks the tensor 'rope.bands'");
        map.put("rope.bands", "../../../tiny_base/inference_weight/model.safetensors");
        replace(index, root.toString());
        assertRefused(copy, "tiny_distill", "points outside the checkpoint folder");
    }

    @Test
    void aShardWhoseHeaderLiesAboutItsSizeIsRefused() throws IOException {
        Path copy = linkedCopy();
        Path shard = copy.resolve("magi/tiny_distill/inference_weight.distill/model-00001-of-00002.safetensors");
        byte[] bytes = Files.readAllBytes(shard);
        Files.delete(shard);
        Files.write(shard, java.util.Arrays.copyOf(bytes, bytes.length - 1000));
        assertRefused(copy, "tiny_distill", "past the end of the file");
    }

    @Test
    void pickleWeightsAreRefusedWithHowToConvertThem() throws IOException {
        Path copy = linkedCopy();
        Path weights = copy.resolve("magi/tiny_base/inference_weight");
        Files.delete(weights.resolve("model.safetensors"));
        Files.write(weights.resolve("model.pt"), new byte[] {(byte) 0x80, 2});
        assertRefused(copy, "tiny_base", "pickle weights (model.pt)", "torch.load('" + weights + "/model.pt'",
                "'" + weights + "/model.safetensors'");
        Path t5 = copy.resolve("t5/t5-v1_1-xxl");
        Files.delete(t5.resolve("model.safetensors"));
        Files.write(t5.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        assertRefused(copy, "tiny_distill", "pickle weights (pytorch_model.bin)",
                "from_pretrained('" + t5 + "').save_pretrained('" + t5 + "', safe_serialization=True)");
    }

    @Test
    void aConfigThatDoesNotFitItsWeightsOrFoldersIsRefused() throws IOException {
        Path copy = linkedCopy();
        edit(copy, "tiny_distill", "model_config", "hidden_size", 256);
        assertRefused(copy, "tiny_distill", "'x_embedder.weight' has shape [128, 4, 1, 2, 2]", "model_config needs [256, 4, 1, 2, 2]");
        edit(copy, "tiny_distill", "model_config", "hidden_size", 128);
        edit(copy, "tiny_distill", "engine_config", "fp8_quant", true);
        assertRefused(copy, "tiny_distill", "inference_weight.fp8.distill: no such folder",
                "holds inference_weight.distill (fp8_quant false, distill true)");
        edit(copy, "tiny_distill", "engine_config", "fp8_quant", false);
        edit(copy, "tiny_distill", "runtime_config", "load", "./magi/tiny_distill_quant");
        Files.createSymbolicLink(copy.resolve("magi/tiny_distill_quant/inference_weight.distill"),
                TINY.resolve("magi/tiny_distill_quant/inference_weight.fp8.distill").toAbsolutePath());
        assertRefused(copy, "tiny_distill", "holds F8_E4M3 codes", "these are fp8 weights");
        edit(copy, "tiny_distill", "runtime_config", "load", "./downloads/4.5B_distill");
        assertRefused(copy, "tiny_distill", "downloads/4.5B_distill: no such folder", "relative to the config file's folder");
        edit(copy, "tiny_distill", "runtime_config", "load", "./magi/tiny_distill");
        edit(copy, "tiny_distill", "runtime_config", "cfg_number", 3);
        assertRefused(copy, "tiny_distill", "cfg_number is 3; a distill or fp8 model samples with cfg_number 1");
        edit(copy, "tiny_distill", "runtime_config", "cfg_number", 1);
        edit(copy, "tiny_distill", "model_config", "caption_channels", 64);
        assertRefused(copy, "tiny_distill", "'y_embedder.y_proj_xattn.0.weight' has shape");
        edit(copy, "tiny_distill", "model_config", "caption_channels", 32);
        edit(copy, "tiny_distill", "runtime_config", "t5_pretrained", "./vae");
        assertRefused(copy, "tiny_distill", "vae/config.json: not a T5 config");
        edit(copy, "tiny_distill", "runtime_config", "t5_pretrained", "./magi");
        assertRefused(copy, "tiny_distill", "magi/t5-v1_1-xxl: no such folder");
        edit(copy, "tiny_distill", "runtime_config", "t5_pretrained", "./t5");
        edit(copy, "tiny_distill", "runtime_config", "vae_pretrained", "./t5/t5-v1_1-xxl");
        assertRefused(copy, "tiny_distill", "not the reference's VAE");
        edit(copy, "tiny_distill", "runtime_config", "vae_pretrained", "./vae");
        ReferenceCheckpoint.open(copy.resolve("tiny_distill_config.json")).close();
    }

    // ---------------------------------------------------------------- helpers

    private static String refusedLayout(Path path) {
        return assertThrows(CheckpointException.class, () -> CheckpointLayout.detect(path)).getMessage();
    }

    /**
     * Loading the config in the copy is refused with one line holding every part; nothing in the copy is written.
     */
    private void assertRefused(Path copy, String name, String... parts) throws IOException {
        Map<String, String> before = snapshot(copy);
        Supplier<Path> cfg = () -> copy.resolve(name + "_config.json");
        String message = assertThrows(CheckpointException.class, () -> MagiModel.load(cfg.get(), false, DeviceName.CPU).close())
                .getMessage();
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' <- " + message);
        }
        assertFalse(message.contains("\n"), message);
        assertFalse(message.contains("files check out"), message);
        assertEquals(before, snapshot(copy), "nothing is written");
    }

    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.toList()) {
                out.put(root.relativize(f).toString(), Files.isRegularFile(f)
                        ? Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis() : "dir");
            }
        }
        return out;
    }

    /** A copy of the tiny checkpoints' tree (4.5 MB), for a test to damage. */
    private Path linkedCopy() throws IOException {
        Path copy = dir.resolve("tiny");
        try (Stream<Path> files = Files.walk(TINY)) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(TINY.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return copy;
    }

    private static void replace(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.writeString(file, text);
    }

    private static void edit(Path copy, String name, String section, String field, Object value) throws IOException {
        Path file = copy.resolve(name + "_config.json");
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(file));
        ((ObjectNode) root.get(section)).set(field, JSON.valueToTree(value));
        replace(file, root.toString());
    }
}
