package studio.magi.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.magi.engine.magi.Fixture;
import studio.magi.engine.magi.MagiModel;

/** Whole chunks sampled by the Java pipeline match the reference sampler's, given the same starting noise. */
class SampledChunksTest {
    private static MagiModel model;

    @BeforeAll
    static void load() {
        model = MagiModel.load(Fixture.CHECKPOINT, false, DeviceName.CPU);
    }

    @AfterAll
    static void unload() {
        model.close();
    }

    @Test
    void textToVideoChunkMatchesTheReference() throws IOException {
        sampleMatches("sample_t2v");
    }

    @Test
    void twoChunksInAWindowOfTwoWithThreeGuidancePassesMatchTheReference() throws IOException {
        sampleMatches("sample_window");
    }

    @Test
    void imageToVideoChunkMatchesTheReference() throws IOException {
        sampleMatches("sample_i2v");
    }

    @Test
    void aChunkSeedDrawsTheReferenceNoise() {
        try (Fixture f = Fixture.open("sample_t2v"); NDManager m = model.manager().newSubManager()) {
            NDArray noise = Noise.draw(m, 100, model.chunkShape().latentShape());
            f.assertClose("noise.0", noise);
        }
    }

    /**
     * How much a guided step can magnify a difference in one pass's velocity: the passes are combined with the
     * checkpoint's text and history scales, so the per-pass parity of 1e-4 grows by up to 1 + both scales.
     */
    private static double guidanceGain(int cfgNumber) throws IOException {
        JsonNode rc = new ObjectMapper().readTree(Fixture.CHECKPOINT.resolve("config.json").toFile()).get("runtime_config");
        double gain = 1;
        if (cfgNumber >= 2) {
            gain += max(rc.get("text_scales"));
        }
        if (cfgNumber == 3) {
            gain += max(rc.get("prev_chunk_scales"));
        }
        return gain;
    }

    private static double max(JsonNode values) {
        double m = 0;
        for (JsonNode v : values) {
            m = Math.max(m, v.asDouble());
        }
        return m;
    }

    private void sampleMatches(String name) throws IOException {
        try (Fixture f = Fixture.open(name)) {
            JsonNode about = f.about();
            List<String> prompts = new ArrayList<>();
            about.get("prompts").forEach(p -> prompts.add(p.asText()));
            int n = prompts.size();
            SamplerSettings settings = model.defaults().withSteps(about.get("num_steps").asInt())
                    .withWindow(about.get("window").asInt()).withCfgNumber(about.get("cfg_number").asInt());
            Start start = new Start.Text();
            if (f.has("image")) {
                long[] s = f.shape("image");
                start = new Start.Image(Frames.of((int) s[1], (int) s[0], 1, f.bytes("image")));
            }
            List<Long> seeds = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                seeds.add(100L + j);
            }
            GenerationRequest request = new GenerationRequest(prompts, seeds, settings, start, about.get("total_chunks").asInt());
            ChunkPipeline pipeline = new ChunkPipeline(model, true,
                    (m, index, seed, shape) -> m.create(f.floats("noise." + index), new Shape(shape)));
            List<GeneratedChunk> chunks = new ArrayList<>();
            pipeline.generate(request, chunks::add, () -> false);
            assertEquals(n, chunks.size());
            for (int j = 0; j < n; j++) {
                GeneratedChunk c = chunks.get(j);
                assertEquals(j, c.index());
                assertArrayEquals(f.shape("latent." + j), c.latent().shape());
                f.assertClose("latent." + j, c.latent().values(), Fixture.TOLERANCE * guidanceGain(about.get("cfg_number").asInt()));
                byte[] expected = f.bytes("frames." + j);
                byte[] actual = c.frames().bytes();
                assertEquals(expected.length, actual.length, "frames." + j + ": size");
                int worst = 0;
                for (int i = 0; i < expected.length; i++) {
                    worst = Math.max(worst, Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF)));
                }
                assertTrue(worst <= 1, "frames." + j + " differ by " + worst + " levels");
            }
        }
    }
}
