package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;

/**
 * The DiT computed the reference's way where it departs from nano, chosen by the config (DitConfig.ofReference),
 * on the tiny reference checkpoints' bf16 weights: against dit.py with the same switches (the fixtures
 * ckpt/tiny-reference/fixtures/dit_forward_*.safetensors), and each switch on its own. Nano's config leaves them off.
 */
class ReferenceDitTest {
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

    private static Path config(String name) {
        return ReferenceCheckpointTest.TINY.resolve(name + "_config.json");
    }

    @Test
    void theReferenceConfigSelectsTheReferenceComputationAndNanosLeavesItsOwn() {
        DitConfig nano = MagiConfig.read(Fixture.CHECKPOINT).dit();
        assertEquals(0, nano.nullCaptionValid());
        assertTrue(nano.stepEmbedding());
        assertEquals(1, nano.projInterleave());
        assertFalse(nano.timestepFloat32());
        float[] all = new float[nano.captionLength()];
        java.util.Arrays.fill(all, 1f);
        assertArrayEquals(all, nano.nullCaptionMask());

        DitConfig distill = DitConfig.ofReference(ReferenceConfig.read(config("tiny_distill")));
        assertEquals(50, distill.nullCaptionValid());
        assertEquals(8, distill.projInterleave());
        assertTrue(distill.stepEmbedding());
        assertTrue(distill.timestepFloat32());
        assertEquals(64, DitConfig.referenceStepCount(64, 1));
        assertEquals(8, DitConfig.referenceStepCount(12, 2));
        assertEquals(16, DitConfig.referenceStepCount(12, 1));
        float[] mask = distill.nullCaptionMask();
        assertEquals(1f, mask[49]);
        assertEquals(0f, mask[50]);
        assertFalse(DitConfig.ofReference(ReferenceConfig.read(config("tiny_base"))).stepEmbedding());
        DitConfig big = DitConfig.ofReference(ReferenceConfig.read(config("tiny24_distill")));
        assertTrue(big.gatedLinearUnit() && big.halfChannel());
        assertEquals(2 * big.ffnHidden(), big.fc1Rows());
        assertEquals(16, big.latentChannels());
        assertEquals(16, big.velocityChannels());
        assertFalse(distill.gatedLinearUnit() || distill.halfChannel() || nano.gatedLinearUnit() || nano.halfChannel());
        assertEquals(distill.inChannels(), distill.latentChannels());
    }

    /** The reference asserts a 16-channel latent doubled to 32 and a 32-channel output: other widths are refused. */
    @Test
    void aHalfChannelModelOfOtherWidthsIsRefusedInOneLine(@TempDir Path dir) throws IOException {
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(config("tiny24_distill").toFile());
        ((ObjectNode) root.get("model_config")).put("in_channels", 8);
        Path edited = dir.resolve("tiny24_distill_config.json");
        Files.writeString(edited, root.toString());
        String refused = assertThrows(CheckpointException.class,
                () -> DitConfig.ofReference(ReferenceConfig.read(edited))).getMessage();
        assertTrue(refused.contains("half_channel_vae needs in_channels and out_channels 32") && refused.contains("not 8 and 32"),
                refused);
        assertFalse(refused.contains("\n"));
    }

    /** The 24B's MLP activation: SiLU of the first half times the second (flashinfer's silu_and_mul). */
    @Test
    void siluAndMulGatesTheSecondHalfByTheFirst() {
        try (NDManager scope = m.newSubManager()) {
            float[] x = {-2f, 0.5f, 3f, 1.5f, -1f, 2f};
            float[] out = Ops.siluAndMul(scope.create(x, new Shape(1, 6))).toFloatArray();
            for (int i = 0; i < 3; i++) {
                double silu = x[i] / (1 + Math.exp(-x[i]));
                assertEquals(silu * x[i + 3], out[i], 1e-6);
            }
            assertEquals(3, out.length);
        }
    }

    @Test
    void theReferencesFloat32ExpIsWithinAnUlpOfExpAndNanosFrequenciesAreUnchanged() {
        Random r = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            float x = -87f + 175f * r.nextFloat(); // normal results
            float exact = (float) StrictMath.exp(x);
            assertTrue(Math.abs(TimestepFrequencies.expf(x) - exact) <= Math.ulp(exact), x + ": " + TimestepFrequencies.expf(x) + " vs " + exact);
        }
        assertEquals(1f, TimestepFrequencies.expf(0f));
        try (NDManager scope = m.newSubManager()) {
            float[] nano = TimestepFrequencies.frequencies(scope, false).toFloatArray();
            float[] reference = TimestepFrequencies.frequencies(scope, true).toFloatArray();
            int differ = 0;
            for (int i = 0; i < nano.length; i++) {
                assertEquals((float) StrictMath.exp(-Math.log(10000.0) * i / nano.length), nano[i]);
                differ += nano[i] != reference[i] ? 1 : 0;
                assertTrue(Math.abs(nano[i] - reference[i]) <= 10 * Math.ulp(nano[i]), "frequency " + i);
            }
            assertTrue(differ > 0, "the reference's float32 exponent rounds otherwise than nano's double one");
        }
    }

    @Test
    void linearProjColumnsMovedOnLoadingEqualTheReferencesReorderedInput() {
        Random r = new Random(5);
        int rows = 3;
        int groups = 8;
        int s = 4;
        int cols = 2 * groups * s;
        float[] wRef = new float[rows * cols];
        float[] a = new float[cols];
        for (int i = 0; i < wRef.length; i++) {
            wRef[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        // the reference: its input (self | cross), each half (hn, hd), reordered "(n hn hd) -> (hn n hd)"
        float[] aRef = new float[cols];
        for (int n = 0; n < 2; n++) {
            for (int g = 0; g < groups; g++) {
                for (int j = 0; j < s; j++) {
                    aRef[g * 2 * s + n * s + j] = a[n * groups * s + g * s + j];
                }
            }
        }
        float[] moved = DitLayer.interleaved(wRef, rows, cols, groups);
        for (int row = 0; row < rows; row++) {
            double ref = 0;
            double nano = 0;
            for (int c = 0; c < cols; c++) {
                ref += wRef[row * cols + c] * aRef[c];
                nano += moved[row * cols + c] * a[c];
            }
            assertEquals(ref, nano, 1e-5);
        }
        assertTrue(DitLayer.interleaved(wRef, rows, cols, 1) == wRef);
    }

    @Test
    void theTinyReferenceDitMatchesDitPyWithTheReferenceSwitches() {
        for (String name : new String[] {"tiny_distill", "tiny_base"}) {
            try (ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(config(name));
                    NDManager scope = m.newSubManager();
                    SafetensorsFile f = SafetensorsFile.open(FIXTURES.resolve("dit_forward_" + name + ".safetensors"))) {
                DitConfig c = DitConfig.ofReference(ckpt.config());
                VideoDit dit = new VideoDit(c, ckpt.weights(), scope);
                float[] velocity = forward(dit, c, f, scope, (int) f.floats("num_steps")[0]);
                float[] expected = f.floats("velocity");
                assertEquals(expected.length, velocity.length);
                double worst = 0;
                for (int i = 0; i < expected.length; i++) {
                    worst = Math.max(worst, Math.abs(expected[i] - velocity[i]));
                }
                assertTrue(worst <= Fixture.TOLERANCE, name + ": largest difference " + worst);
                float[] other = forward(dit, c, f, scope, 16);
                assertEquals(c.stepEmbedding(), !java.util.Arrays.equals(velocity, other),
                        name + ": the step count matters only with the step-size embedding");
                dit.closeTables();
            }
        }
    }

    /**
     * The reference's own code (SandAI-org/MAGI-1's dit_model.py and dit_module.py, driven by its sampler, in float32 on
     * the CPU; training/magi_nano/reference_harness.py) on these weights: each DiT forward its sampler made in four of
     * its passes, replayed here with the same inputs. A: a clean first chunk (t = clean_t, the null caption under the
     * pass's "has caption" adaLN row) with two noisy chunks and, for the distilled model, the copy of the first noisy
     * chunk that sees only itself, at rotary time after the last chunk; B: the next pass, reading chunk 0 from the
     * cache; C: chunk 1 clean in the pass, after cached chunk 0; D: the last chunk alone, after two cached chunks of
     * which its kv range sees one. The base model's passes are cfg 3's three forwards (caption, null caption, and each
     * chunk alone as a batch). The cache is what this engine's own forwards wrote (the clean chunk's keys and values
     * of the pass that updates it), checked against the reference's cache.
     */
    @Test
    void theTinyReferenceDitMatchesTheReferencesOwnCodeOverItsSamplerPasses() {
        for (String name : new String[] {"tiny_distill", "tiny_base"}) {
            try (ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(config(name));
                    NDManager scope = m.newSubManager();
                    SafetensorsFile f = SafetensorsFile.open(FIXTURES.resolve("reference_" + name + ".safetensors"))) {
                DitConfig c = DitConfig.ofReference(ckpt.config());
                VideoDit dit = new VideoDit(c, ckpt.weights(), scope);
                int tpc = (int) f.longs("chunk_tokens")[0];
                NDArray caption = scope.create(f.floats("caption"), new Shape(c.captionLength(), c.captionChannels()));
                NDArray nullCaption = scope.create(dit.nullCaption(), new Shape(c.captionLength(), c.captionChannels()));
                float[] captionMask = f.floats("caption_mask");
                java.util.Map<Integer, NDArray[][]> cache = new java.util.TreeMap<>();
                int forwards = (int) f.longs("forwards")[0];
                for (int i = 0; i < forwards; i++) {
                    String p = "f" + i + ".";
                    long[] info = f.longs(p + "info");
                    int slice = (int) info[0];
                    VideoDit.Output out = replay(dit, c, f, p, scope, caption, nullCaption, captionMask, tpc,
                            info[4] != 0 && slice > 0 ? history(cache, slice, c.layers()) : null,
                            DitConfig.referenceStepCount((int) info[5], (int) info[6]));
                    double diff = Fixture.maxAbsDiff(f.floats(p + "velocity"), out.velocity().toFloatArray());
                    System.out.printf("%s forward %d (slice %d, %d chunks%s): largest difference %.3g%n", name, i, slice,
                            info[1], info[2] != 0 ? ", clean first" : "", diff);
                    assertTrue(diff <= Fixture.TOLERANCE, name + " forward " + i + ": largest difference " + diff);
                    if (info[2] != 0 && info[3] != 0) { // the clean first chunk's keys and values, as the cache keeps them
                        NDArray[][] kv = new NDArray[2][c.layers()];
                        NDIndex first = new NDIndex().addAllDim(2).addSliceDim(0, tpc);
                        for (int l = 0; l < c.layers(); l++) {
                            kv[0][l] = out.keys()[l].get(first);
                            kv[1][l] = out.values()[l].get(first);
                        }
                        cache.put(slice, kv);
                    }
                }
                for (String key : f.entries().keySet()) {
                    if (key.startsWith("cache.")) {
                        String[] part = key.split("\\.");
                        NDArray[][] kv = cache.get(Integer.parseInt(part[2]));
                        NDArray mine = kv[part[1].equals("k") ? 0 : 1][Integer.parseInt(part[3])];
                        double diff = Fixture.maxAbsDiff(f.floats(key), mine.toFloatArray());
                        System.out.printf("%s %s: largest difference %.3g%n", name, key, diff);
                        assertTrue(diff <= Fixture.TOLERANCE, name + " " + key + ": largest difference " + diff);
                    }
                }
                if (f.entries().containsKey("steps12.velocity")) { // the 12-step rule: interval 2, the embedding of 8 steps
                    VideoDit.Output out = replay(dit, c, f, "f0.", scope, caption, nullCaption, captionMask, tpc, null,
                            DitConfig.referenceStepCount(12, 2));
                    double diff = Fixture.maxAbsDiff(f.floats("steps12.velocity"), out.velocity().toFloatArray());
                    System.out.printf("%s 12 steps, interval 2: largest difference %.3g%n", name, diff);
                    assertTrue(diff <= Fixture.TOLERANCE, name + " 12 steps: largest difference " + diff);
                }
                dit.closeTables();
            }
        }
    }

    /**
     * Single modules of the reference's own code against this engine's: the timestep embedder (t from 0 to the
     * step-size embedding's 32 of 64 distilled steps, whose sinusoids take 32 000 radians), the caption embedder (the
     * caption's and the null caption's cross-attention tokens, the adaLN rows of both dropout flags), and the rotary
     * table of the last chunk of a video after two cached chunks (its rows of get_embed over all the frames so far).
     */
    @Test
    void theReferencesOwnEmbeddersAndRotaryTableMatch() {
        for (String name : new String[] {"tiny_distill", "tiny_base"}) {
            try (ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(config(name));
                    NDManager scope = m.newSubManager();
                    SafetensorsFile f = SafetensorsFile.open(FIXTURES.resolve("reference_" + name + ".safetensors"))) {
                DitConfig c = DitConfig.ofReference(ckpt.config());
                VideoDit dit = new VideoDit(c, ckpt.weights(), scope);
                float[] t = f.floats("module.t");
                close(name + " t_embedder", f.floats("module.t_embedder"), dit.timeEmbedding(scope.create(t)).toFloatArray());
                Shape captionShape = new Shape(c.captionLength(), c.captionChannels());
                NDArray caption = scope.create(f.floats("caption"), captionShape);
                NDArray nullCaption = scope.create(dit.nullCaption(), captionShape);
                close(name + " y_xattn of the caption", f.floats("module.y_xattn.caption"),
                        dit.captionTokens(caption).toFloatArray());
                close(name + " y_xattn of the null caption", f.floats("module.y_xattn.null"),
                        dit.captionTokens(nullCaption).toFloatArray());
                try (DitPrompt has = dit.prompt(caption, f.floats("caption_mask"), false, false);
                        DitPrompt none = dit.prompt(nullCaption, c.nullCaptionMask(), true, false)) {
                    close(name + " adaLN row, caption", f.floats("module.y_adaln.caption"), has.adaln.toFloatArray());
                    close(name + " adaLN row, null caption", f.floats("module.y_adaln.null"), none.adaln.toFloatArray());
                }
                long[] x = f.entry("f0.x").shape();
                int frames = (int) (x[2] / f.longs("f0.info")[1]);
                int chunk = (int) f.longs("module.rope_chunk")[0];
                float[][] angles = RopeTables.angles(new int[] {chunk}, frames, (int) x[3] / c.patch(), (int) x[4] / c.patch(),
                        c.ropeRefGrid(), ckpt.weights().floats("rope.bands", c.ropeBands()));
                close(name + " rotary cos of chunk " + chunk, f.floats("module.rope_cos"), angles[0]);
                close(name + " rotary sin of chunk " + chunk, f.floats("module.rope_sin"), angles[1]);
            }
        }
    }

    private static void close(String what, float[] expected, float[] actual) {
        double diff = Fixture.maxAbsDiff(expected, actual);
        System.out.printf("%s: largest difference %.3g%n", what, diff);
        assertTrue(diff <= Fixture.TOLERANCE, what + ": largest difference " + diff);
    }

    /**
     * One recorded forward: x [N, C, K * F, H, W], t [N, K]; each chunk's caption and mask the caption's or the null
     * ones; the adaLN row of each batch row's caption_dropout_mask (one for the whole pass, as the reference); the
     * chunks are numbered from the pass's slice_point, their kv ranges read from the reference's token ranges. A
     * batch of several (cfg 3's chunks alone) is one chunk each, numbered 0, seeing itself.
     */
    private static VideoDit.Output replay(VideoDit dit, DitConfig c, SafetensorsFile f, String p, NDManager scope,
            NDArray caption, NDArray nullCaption, float[] captionMask, int tpc, KvHistory past, int steps) {
        long[] info = f.longs(p + "info");
        int slice = (int) info[0];
        long[] ts = f.entry(p + "t").shape();
        int batch = (int) ts[0];
        int chunks = (int) ts[1];
        float[] tt = f.floats(p + "t");
        long[] yNull = f.longs(p + "y_null");
        long[] maskNull = f.longs(p + "mask_null");
        long[] drop = f.longs(p + "caption_dropout");
        long[] kv = f.longs(p + "kv_range");
        int[] numbers = new int[chunks];
        int[] ranges = new int[chunks];
        for (int k = 0; k < chunks; k++) {
            if (batch == 1) {
                numbers[k] = slice + k;
                assertEquals(numbers[k] + 1, kv[2 * k + 1] / tpc, p + "the reference's chunk " + k + " ends its key range");
                ranges[k] = numbers[k] + 1 - (int) (kv[2 * k] / tpc);
            } else {
                assertEquals(1, chunks);
                numbers[k] = 0;
                ranges[k] = 1;
            }
        }
        float[][] t = new float[batch][chunks];
        DitPrompt[][] prompts = new DitPrompt[batch][chunks];
        for (int b = 0; b < batch; b++) {
            boolean dropped = drop[drop.length == batch ? b : 0] != 0;
            for (int k = 0; k < chunks; k++) {
                int row = b * chunks + k;
                t[b][k] = tt[row];
                prompts[b][k] = dit.prompt(yNull[row] != 0 ? nullCaption : caption,
                        maskNull[row] != 0 ? c.nullCaptionMask() : captionMask, dropped, false);
            }
        }
        NDArray x = scope.create(f.floats(p + "x"), new Shape(f.entry(p + "x").shape()));
        return dit.forward(x, t, prompts, steps, numbers, ranges, past, VideoDit.Want.BOTH);
    }

    /** Cached chunks 0 .. slice - 1, per layer and chunk [1, G, T, hd]. */
    private static KvHistory history(java.util.Map<Integer, NDArray[][]> cache, int slice, int layers) {
        int[] numbers = new int[slice];
        NDArray[][] keys = new NDArray[layers][slice];
        NDArray[][] values = new NDArray[layers][slice];
        for (int chunk = 0; chunk < slice; chunk++) {
            numbers[chunk] = chunk;
            assertTrue(cache.containsKey(chunk), "chunk " + chunk + " was never cached");
            for (int l = 0; l < layers; l++) {
                keys[l][chunk] = cache.get(chunk)[0][l];
                values[l][chunk] = cache.get(chunk)[1][l];
            }
        }
        return new KvHistory(numbers, keys, values);
    }

    /** The fixture's pass: chunk 0 with its caption, chunk 1 with the null caption (config's valid positions). */
    static float[] forward(VideoDit dit, DitConfig c, SafetensorsFile f, NDManager scope, int steps) {
        long[] shape = f.entry("caption").shape();
        int chunks = (int) shape[1];
        int length = (int) shape[2];
        int channels = (int) shape[3];
        float[] captions = f.floats("caption");
        float[] masks = f.floats("caption_mask");
        long[] isNull = f.longs("caption_null");
        DitPrompt[][] prompts = new DitPrompt[1][chunks];
        for (int k = 0; k < chunks; k++) {
            if (isNull[k] != 0) {
                prompts[0][k] = dit.prompt(scope.create(dit.nullCaption(), new Shape(length, channels)), c.nullCaptionMask(),
                        true, false);
            } else {
                float[] one = new float[length * channels];
                System.arraycopy(captions, k * length * channels, one, 0, one.length);
                float[] mask = new float[length];
                System.arraycopy(masks, k * length, mask, 0, length);
                prompts[0][k] = dit.prompt(scope.create(one, new Shape(length, channels)), mask, false, false);
            }
        }
        NDArray x = scope.create(f.floats("x"), new Shape(f.entry("x").shape()));
        long[] numbers = f.longs("chunk_index");
        long[] ranges = f.longs("kv_range");
        VideoDit.Output out = dit.forward(x, new float[][] {f.floats("t")}, prompts, steps,
                new int[] {(int) numbers[0], (int) numbers[1]}, new int[] {(int) ranges[0], (int) ranges[1]}, null,
                VideoDit.Want.VELOCITY);
        return out.velocity().toFloatArray();
    }
}
