package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
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
 * with the quality and duration tokens; text, image and video starts) on the tiny distill (cfg 1) and base (cfg 3)
 * checkpoints, and text to video on the 24B-shaped tiny24_distill, in float32 and its VAE on each clean chunk. Here
 * the same noise, caption and start pixels go through {@link ViTVae} and {@link ReferenceSampler}.
 */
class ReferenceSamplerTest {
    private static final Path FIXTURES = ReferenceCheckpointTest.TINY.resolve("fixtures");
    private static NDManager m;
    /**
     * The whole chain (this engine's latents through this engine's decoder) against the reference's frames. Each stage
     * is within {@link Fixture#TOLERANCE}; the decoder rounds q, k and v to bf16 as the reference does, so latents a
     * few 1e-6 apart can round differently there: measured up to 1.4e-4 (tiny_base i2v).
     */
    private static final double END_TO_END = 5e-4;

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
            matchesTheReference(name, "");
        }
    }

    /**
     * The 24B's layout (tiny24_distill at its config's 16 steps): the SwiGLU MLP, x_rescale_factor 0.1, the 16-channel
     * latent doubled to 32 in-channels and the velocity's first 16 of 32 out-channels.
     */
    @Test
    void twoChunksOfThe24bLayoutMatchTheReferencesSampler() {
        matchesTheReference("tiny24_distill", "", 16);
    }

    /** i2v: the picture encoded by the VAE is the first latent frame, padded into every pass that begins with chunk 0. */
    @Test
    void imageToVideoMatchesTheReferencesSampler() {
        for (String name : new String[] {"tiny_distill", "tiny_base"}) {
            matchesTheReference(name, "_i2v");
        }
    }

    /**
     * v2v: 32 frames (8 latent frames): the first chunk cached by the prefix pass, the last 2 latent frames padded in
     * front of the first new chunk, which hands out its 4 new frames only.
     */
    @Test
    void videoToVideoMatchesTheReferencesSampler() {
        for (String name : new String[] {"tiny_distill", "tiny_base"}) {
            matchesTheReference(name, "_v2v");
        }
    }

    /** The distilled model's 12-step shortcut: the reference's own grid, intervals 2, 1, 1 and their step-size embeddings. */
    @Test
    void twelveStepsMatchTheReferencesShortcut() {
        matchesTheReference("tiny_distill", "_t2v12", 12);
    }

    private static void matchesTheReference(String name, String mode) {
        matchesTheReference(name, mode, 64);
    }

    private static void matchesTheReference(String name, String mode, int steps) {
        Path config = ReferenceCheckpointTest.TINY.resolve(name + "_config.json");
        try (ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(config); NDManager scope = m.newSubManager();
                SafetensorsFile f = SafetensorsFile.open(FIXTURES.resolve("reference_sample_" + name + mode + ".safetensors"));
                ViTVae vae = ViTVae.load(ckpt.vaeFolder(), scope)) {
            DitConfig c = DitConfig.ofReference(ckpt.config());
            ReferenceConfig.Runtime r = ckpt.config().runtime();
            int width = r.chunkWidth();
            VideoDit dit = new VideoDit(c, ckpt.weights(), scope);
            SpecialTokens special = SpecialTokens.read(ckpt.specialTokens(), c.captionChannels(), scope);
            ReferencePrefix prefix = null;
            if (mode.startsWith("_i2v") || mode.startsWith("_v2v")) {
                checkEncoding(f, vae, r, scope);
                prefix = new ReferencePrefix(scope.create(f.floats("prefix"), new Shape(f.entry("prefix").shape())), width);
            }
            int offset = prefix == null ? 0 : prefix.wholeChunks();
            NDArray all = scope.create(f.floats("noise"), new Shape(f.entry("noise").shape()));
            NDArray noise = all.get(new NDIndex().addAllDim().addSliceDim((long) offset * width, all.getShape().get(1)));
            NDArray caption = scope.create(f.floats("caption"), new Shape(f.entry("caption").shape()));
            int chunks = (int) (noise.getShape().get(1) / width);
            List<ReferenceSampler.Caption> captions = new ArrayList<>();
            for (int k = 0; k < chunks; k++) {
                captions.add(special.prepend(caption, f.floats("caption_mask"), chunks - k, c.captionLength()));
            }
            List<NDArray> handedOut = new ArrayList<>();
            ReferenceSampler.Sink sink = (index, latent, first) -> {
                assertEquals(handedOut.size(), index, "chunks arrive in order");
                handedOut.add(latent.get(new NDIndex().addAllDim().addSliceDim(first, width)).duplicate());
            };
            new ReferenceSampler(dit, ckpt.config()).walk(noise, prefix, captions, steps, r.window(), sink, () -> false);
            assertEquals(chunks, handedOut.size());
            NDArray latents = Ops.concat(1, handedOut.toArray(NDArray[]::new));
            assertArrayEquals(f.entry("latents").shape(), latents.getShape().getShape(), name + mode + " latent frames");
            double diff = Fixture.maxAbsDiff(f.floats("latents"), latents.toFloatArray());
            System.out.printf("%s%s: %d chunks, latents largest difference %.3g%n", name, mode, chunks, diff);
            assertTrue(diff <= Fixture.TOLERANCE, name + mode + " latents: largest difference " + diff);
            // the decoder on the reference's latents, then on this engine's
            NDArray theirs = scope.create(f.floats("latents"), new Shape(f.entry("latents").shape()));
            List<NDArray> theirChunks = new ArrayList<>();
            long at = 0;
            for (NDArray chunk : handedOut) {
                long n = chunk.getShape().get(1);
                theirChunks.add(theirs.get(new NDIndex().addAllDim().addSliceDim(at, at + n)));
                at += n;
            }
            double decoded = Fixture.maxAbsDiff(f.floats("frames"), decode(theirChunks, vae, r).toFloatArray());
            double pixels = Fixture.maxAbsDiff(f.floats("frames"), decode(handedOut, vae, r).toFloatArray());
            System.out.printf("%s%s: frames decoded from the reference's latents largest difference %.3g; from this"
                    + " engine's %.3g%n", name, mode, decoded, pixels);
            assertTrue(decoded <= Fixture.TOLERANCE, name + mode + " frames: largest difference " + decoded);
            assertTrue(pixels <= END_TO_END, name + mode + " frames from this engine's latents: largest difference " + pixels);
            dit.closeTables();
        }
    }

    /** Chunks [C, t, h, w] decoded as post_chunk_process does, side by side in time. */
    private static NDArray decode(List<NDArray> chunks, ViTVae vae, ReferenceConfig.Runtime r) {
        List<NDArray> frames = new ArrayList<>();
        for (NDArray chunk : chunks) {
            frames.add(VaeTiles.reference(r.fps()).decode(vae, chunk.expandDims(0).div((float) r.scaleFactor())).get(0));
        }
        return Ops.concat(1, frames.toArray(NDArray[]::new));
    }

    /** The fixture's pixels encoded as encode_prefix_video does, against the reference's prefix latents. */
    private static void checkEncoding(SafetensorsFile f, ViTVae vae, ReferenceConfig.Runtime r, NDManager scope) {
        long[] ps = f.entry("pixels").shape();
        NDArray u8 = scope.create(f.bytes("pixels"), new Shape(ps), DataType.UINT8);
        NDArray x = u8.toType(DataType.FLOAT32, false).div(127.5f).sub(1f).transpose(3, 0, 1, 2).expandDims(0);
        NDArray z = VaeTiles.reference(r.fps()).encode(vae, x).get(0).mul((float) r.scaleFactor());
        double diff = Fixture.maxAbsDiff(f.floats("prefix"), z.toFloatArray());
        System.out.printf("prefix of %d frames: encoded latents largest difference %.3g%n", ps[0], diff);
        assertTrue(diff <= Fixture.TOLERANCE, "prefix latents: largest difference " + diff);
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
