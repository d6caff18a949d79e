package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
        float[] all = new float[nano.captionLength()];
        java.util.Arrays.fill(all, 1f);
        assertArrayEquals(all, nano.nullCaptionMask());

        DitConfig distill = DitConfig.ofReference(ReferenceConfig.read(config("tiny_distill")));
        assertEquals(50, distill.nullCaptionValid());
        assertEquals(8, distill.projInterleave());
        assertTrue(distill.stepEmbedding());
        float[] mask = distill.nullCaptionMask();
        assertEquals(1f, mask[49]);
        assertEquals(0f, mask[50]);
        assertFalse(DitConfig.ofReference(ReferenceConfig.read(config("tiny_base"))).stepEmbedding());
        String refused = assertThrows(CheckpointException.class,
                () -> DitConfig.ofReference(ReferenceConfig.read(config("tiny24_distill")))).getMessage();
        assertTrue(refused.contains("gated_linear_unit") && refused.contains("not computed by this engine yet"), refused);
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

    /** The fixture's pass: chunk 0 with its caption, chunk 1 with the null caption (config's valid positions). */
    private static float[] forward(VideoDit dit, DitConfig c, SafetensorsFile f, NDManager scope, int steps) {
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
                new int[] {(int) numbers[0], (int) numbers[1]}, new int[] {(int) ranges[0], (int) ranges[1]}, null, true);
        return out.velocity().toFloatArray();
    }
}
