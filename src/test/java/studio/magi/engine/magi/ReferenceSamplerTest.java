package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;

/**
 * The reference's own sampler end to end against this engine's: training/magi_nano/reference_sample.py ran
 * SandAI-org/MAGI-1's SampleTransport.walk and forward_dispatcher (text to video, two chunks, 64 steps, window 4,
 * with the quality and duration tokens) on the tiny distill (cfg 1) and base (cfg 3) checkpoints in float32 and its
 * VAE on each clean chunk. Here the same noise and caption go through {@link ReferenceSampler} and {@link ViTVae}.
 */
class ReferenceSamplerTest {
    private static final Path FIXTURES = ReferenceCheckpointTest.TINY.resolve("fixtures");
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

    @Test
    void twoChunksOfTextToVideoMatchTheReferencesSampler() {
        for (String name : new String[] {"tiny_distill", "tiny_base"}) {
            Path config = ReferenceCheckpointTest.TINY.resolve(name + "_config.json");
            try (ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(config); NDManager scope = m.newSubManager();
                    SafetensorsFile f = SafetensorsFile.open(FIXTURES.resolve("reference_sample_" + name + ".safetensors"));
                    ViTVae vae = ViTVae.load(ckpt.vaeFolder(), scope)) {
                DitConfig c = DitConfig.ofReference(ckpt.config());
                VideoDit dit = new VideoDit(c, ckpt.weights(), scope);
                SpecialTokens special = SpecialTokens.read(ckpt.specialTokens(), c.captionChannels(), scope);
                NDArray noise = scope.create(f.floats("noise"), new Shape(f.entry("noise").shape()));
                long[] cs = f.entry("caption").shape();
                NDArray caption = scope.create(f.floats("caption"), new Shape(cs));
                int chunks = (int) (noise.getShape().get(1) / ckpt.config().runtime().chunkWidth());
                List<ReferenceSampler.Caption> captions = new ArrayList<>();
                for (int k = 0; k < chunks; k++) {
                    captions.add(special.prepend(caption, f.floats("caption_mask"), chunks - k, c.captionLength()));
                }
                List<NDArray> clean = new ArrayList<>();
                ReferenceSampler.Sink sink = (index, latent) -> {
                    assertEquals(clean.size(), index, "chunks arrive in order");
                    clean.add(latent.duplicate());
                };
                ReferenceConfig.Runtime r = ckpt.config().runtime();
                new ReferenceSampler(dit, ckpt.config()).walk(noise, captions, r.steps(), r.window(), sink, () -> false);
                assertEquals(chunks, clean.size());
                NDArray latents = Ops.concat(1, clean.toArray(NDArray[]::new));
                double diff = Fixture.maxAbsDiff(f.floats("latents"), latents.toFloatArray());
                System.out.printf("%s: %d chunks, latents largest difference %.3g%n", name, chunks, diff);
                assertTrue(diff <= Fixture.TOLERANCE, name + " latents: largest difference " + diff);
                List<NDArray> frames = new ArrayList<>();
                for (NDArray chunk : clean) {
                    frames.add(VaeTiles.reference(r.fps()).decode(vae, chunk.expandDims(0).div((float) r.scaleFactor())).get(0));
                }
                double pixels = Fixture.maxAbsDiff(f.floats("frames"), Ops.concat(1, frames.toArray(NDArray[]::new)).toFloatArray());
                System.out.printf("%s: decoded frames largest difference %.3g%n", name, pixels);
                assertTrue(pixels <= Fixture.TOLERANCE, name + " frames: largest difference " + pixels);
                dit.closeTables();
            }
        }
    }

    @Test
    void theTimeGridIsTheReferencesIncludingTwelveSteps() {
        float[] g = ReferenceSchedule.grid(4, "8,16,16");
        for (int i = 0; i <= 4; i++) {
            double t = i / 4.0 * (i / 4.0);
            assertEquals(t / 3 / (1 + (1 / 3.0 - 1) * t), g[i], 1e-6);
        }
        float[] twelve = ReferenceSchedule.grid(12, "8,16,16");
        double[] base = {0, 0.125, 0.1875};
        for (int i = 0; i < 13; i++) {
            double t = base[i % 3] + (i / 3) * 0.25;
            t *= t;
            assertEquals(t / 3 / (1 + (1 / 3.0 - 1) * t), twelve[i], 1e-6, "12-step grid " + i);
        }
        assertArrayEquals(new int[] {2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1}, ReferenceSchedule.intervals(12, "8,16,16"));
        assertArrayEquals(new int[] {1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2}, ReferenceSchedule.intervals(12, "16,16,8"));
        assertEquals(1, ReferenceSchedule.intervals(64, "8,16,16")[0]);
        // generate_sequences' Example 2: 8 chunks, window 4
        ReferenceSchedule s = ReferenceSchedule.of(8, 4, 8, 0, "8,16,16");
        int[] starts = {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7};
        int[] ends = {1, 2, 3, 4, 5, 6, 7, 8, 8, 8, 8};
        int[] tStarts = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
        for (int i = 0; i < starts.length; i++) {
            ReferenceSchedule.Stage st = s.stage(2 * i);
            assertEquals(List.of(starts[i], ends[i], tStarts[i]), List.of(st.chunkStart(), st.chunkEnd(), st.tStart()), "stage " + i);
        }
        assertEquals(2, ReferenceSchedule.cfgBucket(0.25f, List.of(0.0, 0.0217, 0.1, 0.3, 0.999)));
        assertEquals(0, ReferenceSchedule.cfgBucket(0f, List.of(0.0, 0.0217, 0.1, 0.3, 0.999)));
    }
}
