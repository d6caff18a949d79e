package studio.magi.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.magi.engine.magi.Fixture;
import studio.magi.engine.magi.MagiModel;

/** The chunk pipeline as a user of the engine sees it: chunks in order, reproducible, stoppable, resumable. */
class ChunkPipelineTest {
    private static final String PROMPT = "a red circle bouncing on a black background";
    private static MagiModel model;
    private static SamplerSettings fast;

    @BeforeAll
    static void load() {
        model = MagiModel.load(Fixture.CHECKPOINT, false, DeviceName.CPU);
        fast = model.defaults().withSteps(4).withWindow(2).withCfgNumber(1).withSeed(11);
    }

    @AfterAll
    static void unload() {
        model.close();
    }

    private static List<GeneratedChunk> render(ChunkPipeline pipeline, GenerationRequest request) {
        List<GeneratedChunk> out = new ArrayList<>();
        pipeline.generate(request, out::add, () -> false);
        return out;
    }

    private static GenerationRequest request(int chunks, SamplerSettings settings, Start start) {
        return GenerationRequest.of(Collections.nCopies(chunks, PROMPT), settings, start);
    }

    @Test
    void theSameSeedAndSettingsGiveTheSameFramesBitForBit() {
        ChunkPipeline pipeline = new ChunkPipeline(model);
        List<GeneratedChunk> a = render(pipeline, request(3, fast, new Start.Text()));
        List<GeneratedChunk> b = render(pipeline, request(3, fast, new Start.Text()));
        assertEquals(3, a.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i, a.get(i).index());
            assertEquals(24, a.get(i).frames().count());
            assertEquals(a.get(i).frames(), b.get(i).frames(), "chunk " + i);
            assertEquals(a.get(i).latent(), b.get(i).latent(), "chunk " + i);
        }
        List<GeneratedChunk> other = render(pipeline, request(1, fast.withSeed(12), new Start.Text()));
        assertNotEquals(a.get(0).latent(), other.get(0).latent(), "another seed gives another chunk");
    }

    @Test
    void chunksArriveInOrderBeforeTheNextIsFinishedAndCancellingStopsBetweenSteps() {
        AtomicInteger stepsAfterFirstChunk = new AtomicInteger();
        List<Integer> arrived = new ArrayList<>();
        ChunkListener listener = new ChunkListener() {
            @Override
            public void chunk(GeneratedChunk chunk) {
                arrived.add(chunk.index());
            }

            @Override
            public void step(int index, int done, int steps) {
                if (!arrived.isEmpty()) {
                    stepsAfterFirstChunk.incrementAndGet();
                }
            }
        };
        assertThrows(CancellationException.class, () -> new ChunkPipeline(model).generate(request(4, fast, new Start.Text()),
                listener, () -> stepsAfterFirstChunk.get() >= 1));
        assertEquals(List.of(0), arrived, "only the chunk finished before the cancel arrived");
    }

    @Test
    void renderingOnFromTheCachedHistoryOfEarlierChunksGivesTheSameChunks() {
        SamplerSettings oneAtATime = fast.withWindow(1);
        ChunkPipeline pipeline = new ChunkPipeline(model);
        GenerationRequest whole = request(4, oneAtATime, new Start.Text());
        List<GeneratedChunk> all = render(pipeline, whole);
        List<Latent> history = List.of(all.get(0).latent(), all.get(1).latent());
        GenerationRequest rest = new GenerationRequest(List.of(PROMPT, PROMPT), whole.seeds().subList(2, 4), oneAtATime,
                new Start.History(history), 2);
        List<GeneratedChunk> again = render(pipeline, rest);
        assertEquals(2, again.size());
        assertEquals(2, again.get(0).chunkNumber());
        assertEquals(all.get(2).frames(), again.get(0).frames());
        assertEquals(all.get(3).frames(), again.get(1).frames());
    }

    @Test
    void theKvCacheGivesWhatRecomputingTheHistoryEveryStepGives() {
        SamplerSettings settings = fast.withWindow(2).withCfgNumber(2);
        List<GeneratedChunk> cached = render(new ChunkPipeline(model), request(3, settings, new Start.Text()));
        List<GeneratedChunk> recomputed = render(ChunkPipeline.recomputingHistory(model), request(3, settings, new Start.Text()));
        for (int i = 0; i < 3; i++) {
            assertEquals(cached.get(i).frames(), recomputed.get(i).frames(), "chunk " + i);
        }
    }

    @Test
    void textGuidanceCostsOnePassAStepNotTwo() {
        CountingModel counting = new CountingModel(model);
        SamplerSettings settings = fast.withWindow(1).withCfgNumber(2);
        render(new ChunkPipeline(counting), request(1, settings, new Start.Text()));
        assertEquals(settings.steps(), counting.passes, "the passes with and without the caption go as one");
    }

    @Test
    void theCacheKeepsOnlyTheChunksALaterChunkCanSee() {
        CountingModel counting = new CountingModel(model);
        SamplerSettings settings = fast.withWindow(4).withCfgNumber(3);
        List<GeneratedChunk> chunks = render(new ChunkPipeline(counting), request(9, settings, new Start.Text()));
        assertEquals(9, chunks.size());
        assertTrue(counting.mostAlive <= settings.maxKvRange() - 1, "at most " + counting.mostAlive + " cached chunks alive");
        assertEquals(0, counting.alive, "every cached chunk is released at the end");
    }

    @Test
    void anImageBecomesTheHeldFirstLatentFrame() {
        ChunkShape shape = model.chunkShape();
        byte[] picture = new byte[64 * 48 * 3];
        for (int i = 0; i < picture.length; i += 3) {
            picture[i] = (byte) 200;
        }
        List<GeneratedChunk> chunks = render(new ChunkPipeline(model),
                request(2, fast, new Start.Image(Frames.of(64, 48, 1, picture))));
        assertEquals(2, chunks.size());
        Frames expectedStart = PictureFit.to(Frames.of(64, 48, 1, picture), shape.width(), shape.height());
        try (NDManager m = model.manager().newSubManager();
                NDArray held = model.encode(Frames.of(shape.width(), shape.height(),
                        Collections.nCopies(shape.framesPerLatent(), expectedStart.frame(0))))) {
            held.attach(m);
            float[] first = chunks.get(0).latent().values();
            float[] want = held.toFloatArray();
            int perFrame = shape.latentHeight() * shape.latentWidth();
            for (int ch = 0; ch < shape.latentChannels(); ch++) {
                for (int i = 0; i < perFrame; i++) {
                    assertEquals(want[ch * perFrame + i], first[ch * shape.latentFrames() * perFrame + i], 1e-6);
                }
            }
        }
    }

    @Test
    void aVideoPrefixBecomesCachedChunksAndItsPartialChunkIsHeld() {
        ChunkShape shape = model.chunkShape();
        int frames = 2 * shape.frames() + 12;
        byte[] video = new byte[frames * shape.width() * shape.height() * 3];
        for (int i = 0; i < video.length; i++) {
            video[i] = (byte) (i * 7);
        }
        CountingModel counting = new CountingModel(model);
        List<GeneratedChunk> chunks = render(new ChunkPipeline(counting),
                request(2, fast, new Start.Video(Frames.of(shape.width(), shape.height(), frames, video))));
        assertEquals(2, chunks.size());
        assertEquals(2, chunks.get(0).chunkNumber(), "the new chunks follow the prefix's two whole chunks");
        assertEquals(shape.frames() - 12, chunks.get(0).frames().count(), "the held frames are not shown again");
        assertEquals(shape.frames(), chunks.get(1).frames().count());
        assertEquals(2 + 2, counting.cached, "two prefix chunks and two new ones were cached");
    }

    @Test
    void everyWindowGuidanceAndStepCountRuns() {
        ChunkPipeline pipeline = new ChunkPipeline(model);
        for (int window = 1; window <= 4; window++) {
            int cfg = (window - 1) % 3 + 1;
            List<GeneratedChunk> chunks = render(pipeline, request(window + 1, fast.withWindow(window).withCfgNumber(cfg),
                    new Start.Text()));
            assertEquals(window + 1, chunks.size(), "window " + window + ", cfg " + cfg);
        }
        for (int steps : SamplerSettings.STEP_COUNTS) {
            assertEquals(1, render(pipeline, request(1, fast.withSteps(steps), new Start.Text())).size(), steps + " steps");
        }
        assertThrows(IllegalArgumentException.class, () -> fast.withSteps(13));
        // 12, the MAGI-1 distilled checkpoints' shortcut, is a setting nano's pipeline refuses before any work
        String twelve = assertThrows(IllegalArgumentException.class, () -> render(pipeline, request(1, fast.withSteps(12),
                new Start.Text()))).getMessage();
        assertTrue(twelve.contains("not 12"), twelve);
        assertThrows(IllegalArgumentException.class, () -> fast.withWindow(5));
    }

    @Test
    void promptsCountDownTheirDuration() {
        List<Integer> remaining = new ArrayList<>();
        VideoModel recording = new CountingModel(model) {
            @Override
            public Prompt prompt(String text, int left) {
                remaining.add(left);
                return super.prompt(text, left);
            }
        };
        render(new ChunkPipeline(recording), new GenerationRequest(List.of("a", "b", "c"), List.of(1L, 2L, 3L), fast,
                new Start.Text(), 5));
        assertArrayEquals(new Object[] {5, 4, 3}, remaining.toArray());
    }
}
