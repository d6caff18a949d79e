package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;

/**
 * The reference's ViTVAE against its own code: training/magi_nano/reference_vae.py ran SandAI-org/MAGI-1's
 * vae_module.py and TileProcessor in float32 on the tiny checkpoint's VAE and recorded
 * ckpt/tiny-reference/fixtures/reference_vae.safetensors: the encoder and decoder on their own grid, and a chunk's
 * latent decoded and 24 frames (and one picture) encoded the way video_process.py tiles them, with the pipeline's
 * 256-pixel tiles and with 8-pixel ones that blend across tiles.
 */
class ReferenceVaeTest {
    private static final Path FIXTURE = ReferenceCheckpointTest.TINY.resolve("fixtures").resolve("reference_vae.safetensors");
    private static final Path VAE = ReferenceCheckpointTest.TINY.resolve("vae");
    private static final float SCALE = 0.18215f;
    private static NDManager m;

    @BeforeAll
    static void start() {
        Compute.start();
        m = NDManager.newBaseManager(Compute.djl(DeviceName.CPU), "PyTorch");
    }

    @AfterAll
    static void stop() {
        m.close();
    }

    private static NDArray load(NDManager scope, SafetensorsFile f, String name) {
        return scope.create(f.floats(name), new Shape(f.entry(name).shape()));
    }

    private static void close(String what, float[] expected, NDArray actual) {
        double diff = Fixture.maxAbsDiff(expected, actual.toFloatArray());
        System.out.printf("%s: largest difference %.3g%n", what, diff);
        assertTrue(diff <= Fixture.TOLERANCE, what + ": largest difference " + diff);
    }

    /** THWC bytes as ffmpeg hands them over -> [1, 3, T, H, W] in [-1, 1], as the pipeline. */
    private static NDArray pixels(NDManager scope, SafetensorsFile f, String name) {
        long[] s = f.entry(name).shape();
        NDArray u8 = scope.create(f.bytes(name), new Shape(s), DataType.UINT8);
        return u8.toType(DataType.FLOAT32, false).div(127.5f).sub(1f).transpose(3, 0, 1, 2).expandDims(0);
    }

    @Test
    void theEncoderAndDecoderMatchTheReferencesOwnModules() {
        try (NDManager scope = m.newSubManager(); ViTVae vae = ViTVae.load(VAE, scope);
                SafetensorsFile f = SafetensorsFile.open(FIXTURE)) {
            close("decoder, 1x4x4 latent", f.floats("module.decoder.frames"), vae.decodeTile(load(scope, f, "module.decoder.latent")));
            close("encoder moments, 4 frames of 8x8", f.floats("module.encoder.moments"),
                    vae.encoderMoments(load(scope, f, "module.encoder.video")));
        }
    }

    @Test
    void tiledDecodeAndEncodeMatchTheReferencesTileProcessor() {
        try (NDManager scope = m.newSubManager(); ViTVae vae = ViTVae.load(VAE, scope);
                SafetensorsFile f = SafetensorsFile.open(FIXTURE)) {
            NDArray z = load(scope, f, "decode.latent").div(SCALE);
            int small = (int) f.longs("tile_small")[0];
            VaeTiles pipeline = VaeTiles.reference(24);
            VaeTiles tiles = new VaeTiles(small, small, 12, 0.25);
            close("decode, 256-pixel tiles (6 latent frames in 2 tiles of 3)", f.floats("decode.frames"), pipeline.decode(vae, z));
            close("decode, 8-pixel tiles", f.floats("small.decode.frames"), tiles.decode(vae, z));
            for (String what : new String[] {"video", "image"}) {
                NDArray x = pixels(scope, f, "encode." + what);
                close("encode " + what + ", 256-pixel tiles", f.floats("encode." + what + ".latent"),
                        pipeline.encode(vae, x).mul(SCALE));
                close("encode " + what + ", 8-pixel tiles", f.floats("small.encode." + what + ".latent"),
                        tiles.encode(vae, x).mul(SCALE));
            }
        }
    }

    @Test
    void trilinearWeightsAreTorchsAlignCornersFalse() {
        assertArrayEquals(new float[] {1, 1, 1}, Trilinear.weights(1, 3));
        // 4 -> 3: scale 4/3, sources 1/6, 3/2, 17/6
        assertArrayEquals(new float[] {5 / 6f, 1 / 6f, 0, 0, 0, 0.5f, 0.5f, 0, 0, 0, 1 / 6f, 5 / 6f}, Trilinear.weights(4, 3),
                1e-6f);
        // 2 -> 4: sources 0 (clamped), 1/4, 3/4, 5/4 (the last input repeats)
        assertArrayEquals(new float[] {1, 0, 0.75f, 0.25f, 0.25f, 0.75f, 0, 1}, Trilinear.weights(2, 4), 1e-6f);
    }

    @Test
    void optionsTheEngineDoesNotComputeAreRefusedInOneLine(@TempDir Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (String option : new String[] {"ln_in_attn", "use_rope", "use_final_proj", "norm_code"}) {
            ObjectNode config = (ObjectNode) json.readTree(VAE.resolve("config.json").toFile());
            ((ObjectNode) config.get("ddconfig")).put(option, true);
            Path file = dir.resolve(option + ".json");
            json.writeValue(file.toFile(), config);
            String message = assertThrows(CheckpointException.class, () -> ViTVaeConfig.read(file)).getMessage();
            assertTrue(message.contains("ddconfig." + option) && message.contains("false only") && !message.contains("\n"),
                    message);
        }
        Files.writeString(dir.resolve("config.json"), Files.readString(VAE.resolve("config.json")));
        String missing = assertThrows(CheckpointException.class, () -> ViTVae.load(dir, m)).getMessage();
        assertTrue(missing.contains("diffusion_pytorch_model") && !missing.contains("\n"), missing);
    }
}
