package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.magi.engine.ChunkPipeline;
import studio.magi.engine.DeviceName;
import studio.magi.engine.GeneratedChunk;
import studio.magi.engine.GenerationRequest;
import studio.magi.engine.SamplerSettings;
import studio.magi.engine.Start;
import studio.magi.engine.VideoModel;

/**
 * Tiled attention (online softmax over key tiles) computes what dense attention computes: on random arrays with
 * ragged tiles, and on nano, forced on with tiles smaller than a chunk (96 tokens: tiles of 40, 40 and 16), for a
 * forward of two chunks, a chunk attending to a cached one, and a two-chunk render in a window of two with three
 * guidance passes.
 */
class TiledAttentionTest {
    /** Tiles that do not divide nano's 96-token chunks nor its 24-token captions. */
    private static final int TILE = 40;
    private static MagiModel model;

    @BeforeAll
    static void load() {
        model = MagiModel.load(Fixture.CHECKPOINT, false, DeviceName.CPU);
    }

    @AfterAll
    static void unload() {
        model.close();
    }

    @AfterEach
    void automatic() {
        model.dit().attention(AttentionPolicy.automatic());
    }

    @Test
    void onlineSoftmaxOverRaggedTilesEqualsTheSoftmaxOfAllScores() {
        java.util.Random r = new java.util.Random(3);
        try (NDManager m = model.manager().newSubManager()) {
            NDArray q = random(m, r, 2, 3, 10, 8);
            NDArray k1 = random(m, r, 2, 3, 13, 8);
            NDArray v1 = random(m, r, 2, 3, 13, 8);
            NDArray k2 = random(m, r, 2, 3, 9, 8);
            NDArray v2 = random(m, r, 2, 3, 9, 8);
            float[] b = new float[2 * 11];
            for (int i = 0; i < b.length; i++) {
                b[i] = i % 4 == 1 ? -1e9f : (float) r.nextGaussian();
            }
            NDArray bias = m.create(b, new Shape(2, 1, 1, 11));
            // keys 2..13 of the first block, 0..6 of the second (11 keys), with the bias per key
            NDArray keys = Ops.concat(2, k1.get(":, :, 2:7"), k2.get(":, :, 0:6"));
            NDArray values = Ops.concat(2, v1.get(":, :, 2:7"), v2.get(":, :, 0:6"));
            float[] dense = q.matMul(keys.swapAxes(-1, -2)).add(bias).softmax(-1).matMul(values).toFloatArray();
            for (int tile : new int[] {1, 2, 4, 5, 100}) {
                float[] online = Attention.online(q, List.of(new Attention.Block(k1, v1, 2, 7),
                        new Attention.Block(k2, v2, 0, 6)), bias, tile).toFloatArray();
                double diff = Fixture.maxAbsDiff(dense, online);
                assertTrue(diff < 1e-6, "tile " + tile + ": largest difference " + diff);
            }
        }
    }

    private static NDArray random(NDManager m, java.util.Random r, long... shape) {
        float[] v = new float[(int) new Shape(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return m.create(v, new Shape(shape));
    }

    @Test
    void theChunksAPassSeesAreTheUnmaskedBlocksOfItsMask() {
        int[] numbers = {3, 4, 5};
        int[] ranges = {1, 3, 5};
        int[] past = {1, 2};
        int[][] seen = BlockCausal.seenChunks(numbers, ranges, past);
        assertEquals(List.of(2), boxed(seen[0]), "chunk 3, range 1: itself (key 2 counts the cached chunks first)");
        assertEquals(List.of(1, 2, 3), boxed(seen[1]), "chunk 4, range 3: chunks 2, 3, 4");
        assertEquals(List.of(0, 1, 2, 3, 4), boxed(seen[2]), "chunk 5, range 5: chunks 1 to 5");
        float[] mask = BlockCausal.mask(numbers, ranges, past, 1);
        for (int q = 0; q < numbers.length; q++) {
            for (int k = 0; k < past.length + numbers.length; k++) {
                assertEquals(boxed(seen[q]).contains(k), mask[q * 5 + k] == 0f, "query " + q + ", key " + k);
            }
        }
        AttentionPolicy auto = AttentionPolicy.automatic();
        assertFalse(auto.tiled(4L * 5 * 96 * 96 * 9), "nano's passes stay dense");
        assertTrue(auto.tiled(24L * 12_150 * 12_150), "one 720p chunk of the 4.5B goes tiled");
    }

    private static List<Integer> boxed(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    @Test
    void aForwardOfTwoChunksIsTheSameTiled() {
        try (Fixture f = Fixture.open("dit_forward"); NDManager m = model.manager().newSubManager()) {
            int[] numbers = f.ints("chunk_index");
            long[] caption = f.shape("caption");
            int chunks = numbers.length;
            int length = (int) caption[2];
            int channels = (int) caption[3];
            DitPrompt[][] prompts = new DitPrompt[1][chunks];
            for (int k = 0; k < chunks; k++) {
                float[] one = new float[length * channels];
                System.arraycopy(f.floats("caption"), k * length * channels, one, 0, one.length);
                float[] mask = new float[length];
                System.arraycopy(f.floats("caption_mask"), k * length, mask, 0, length);
                prompts[0][k] = f.longs("caption_null")[k] != 0 ? (DitPrompt) model.nullPrompt()
                        : model.dit().prompt(m.create(one, new Shape(length, channels)), mask, false, false);
            }
            float[][] velocity = new float[2][];
            for (int i = 0; i < 2; i++) {
                model.dit().attention(i == 0 ? AttentionPolicy.dense() : AttentionPolicy.tiled(TILE));
                velocity[i] = model.dit().forward(f.array(m, "x"), new float[][] {f.floats("t")}, prompts,
                        (int) f.floats("num_steps")[0], numbers, f.ints("kv_range"), null, VideoDit.Want.VELOCITY)
                        .velocity().toFloatArray();
            }
            double diff = Fixture.maxAbsDiff(velocity[0], velocity[1]);
            System.out.printf("nano forward of two chunks, tiled (%d) vs dense: largest difference %.3g%n", TILE, diff);
            assertTrue(diff <= Fixture.TOLERANCE, "largest difference " + diff);
            f.assertClose("velocity", velocity[1]);
        }
    }

    @Test
    void aChunkAttendingToACachedChunkIsTheSameTiled() {
        try (Fixture f = Fixture.open("dit_kvcache"); NDManager m = model.manager().newSubManager()) {
            int steps = f.about().get("num_steps").asInt();
            float t = (float) f.about().get("t").asDouble();
            float[][] velocity = new float[2][];
            for (int i = 0; i < 2; i++) {
                model.dit().attention(i == 0 ? AttentionPolicy.dense() : AttentionPolicy.tiled(TILE));
                try (VideoModel.CachedChunk cached = model.cache(f.array(m, "clean_latent").get(0), 0, steps);
                        VideoModel.History history = model.history(List.of(cached))) {
                    velocity[i] = model.velocity(new VideoModel.Pass(f.array(m, "x"), new float[][] {{t}},
                            new VideoModel.Prompt[][] {{model.nullPrompt()}}, steps, new int[] {1}, new int[] {5}, history))
                            .toFloatArray();
                }
            }
            double diff = Fixture.maxAbsDiff(velocity[0], velocity[1]);
            System.out.printf("nano chunk after a cached chunk, tiled vs dense: largest difference %.3g%n", diff);
            assertTrue(diff <= Fixture.TOLERANCE, "largest difference " + diff);
        }
    }

    @Test
    void aTwoChunkRenderInAWindowOfTwoIsTheSameTiled() {
        List<String> prompts = List.of("a small blue triangle sliding right on a black background", "the triangle stops");
        SamplerSettings settings = model.defaults().withWindow(2).withCfgNumber(3);
        List<List<GeneratedChunk>> runs = new ArrayList<>();
        for (AttentionPolicy policy : List.of(AttentionPolicy.dense(), AttentionPolicy.tiled(TILE))) {
            model.dit().attention(policy);
            List<GeneratedChunk> chunks = new ArrayList<>();
            new ChunkPipeline(model).generate(new GenerationRequest(prompts, List.of(100L, 101L), settings, new Start.Text(),
                    2), chunks::add, () -> false);
            runs.add(chunks);
        }
        for (int j = 0; j < 2; j++) {
            double diff = Fixture.maxAbsDiff(runs.get(0).get(j).latent().values(), runs.get(1).get(j).latent().values());
            System.out.printf("nano render, chunk %d, tiled vs dense: largest latent difference %.3g%n", j, diff);
            assertTrue(diff <= Fixture.TOLERANCE, "chunk " + j + ": largest latent difference " + diff);
        }
    }
}
