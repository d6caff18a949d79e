package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.magi.render.SyntheticRenders.film;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.Frames;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;

/** What the service does with each chunk a target hands it: kept, cached, counted, then announced. */
class ChunkKeeperTest {
    private static final String KEY = "e".repeat(64);

    @TempDir
    Path dir;

    private final List<String> heard = new ArrayList<>();
    private final ChunkKeeper.Events events = new ChunkKeeper.Events() {
        @Override
        public void waiting(String state) {
            heard.add("waiting " + state);
        }

        @Override
        public void stepped(int chunk, int done, int steps) {
            heard.add("step " + chunk + " " + done + "/" + steps);
        }

        @Override
        public void landed(int chunk) {
            heard.add("landed " + chunk);
        }

        @Override
        public void ended(String failure) {
            heard.add("ended " + failure);
        }
    };

    private static ChunkRun run(Shot s) {
        return new ChunkRun(1, s.id(), false, List.of(new ChunkRun.PlannedChunk(s.chunks().get(1).id(), 1, KEY,
                "the prompt", 99)), s.settings(), ShotStart.Kind.NOTHING, null, List.of(), List.of("f".repeat(64)), 2);
    }

    @Test
    void aRenderedChunkIsKeptUnderItsKeyCachedAndCountedBeforeItIsAnnounced() throws Exception {
        Shot s = film(2).shots().get(0);
        RenderStore store = RenderStore.open(dir);
        AtomicLong rendered = new AtomicLong();
        try (FrameCache frames = new FrameCache(RecordingTarget.SHAPE, () -> { })) {
            ChunkKeeper keeper = new ChunkKeeper(run(s), store, frames, rendered, events);
            Frames f = SyntheticRenders.frames(4, 4, 2, 3);
            keeper.step(0, 2, 4);
            keeper.rendered(0, f, SyntheticRenders.latent(5));
            keeper.ended();

            StoredChunk kept = store.read(KEY).orElseThrow();
            assertEquals(new StoredChunk(KEY, s.chunks().get(1).id(), s.id(), 1, "the prompt", 99, f,
                    SyntheticRenders.latent(5)), kept);
            assertEquals(Optional.of(f), frames.chunk(KEY));
            assertEquals(1, rendered.get());
            assertEquals(List.of("step 0 2/4", "landed 0", "ended null"), heard);
        }
    }

    @Test
    void aChunkThatCannotBeKeptFailsTheRunWithTheReasonAndIsNeitherCountedNorAnnounced() throws Exception {
        Shot s = film(2).shots().get(0);
        RenderStore store = RenderStore.open(dir);
        Files.writeString(dir.resolve("renders"), "a file where the renders folder goes");
        AtomicLong rendered = new AtomicLong();
        try (FrameCache frames = new FrameCache(RecordingTarget.SHAPE, () -> { })) {
            ChunkKeeper keeper = new ChunkKeeper(run(s), store, frames, rendered, events);
            RenderFailure failure = assertThrows(RenderFailure.class,
                    () -> keeper.rendered(0, SyntheticRenders.frames(4, 4, 1, 0), SyntheticRenders.latent(0)));
            assertTrue(failure.getMessage().contains("renders"), failure.getMessage());
            assertEquals(0, rendered.get());
            assertEquals(Optional.empty(), frames.chunk(KEY));
            keeper.failed("the disk is full");
            assertEquals(List.of("ended the disk is full"), heard);
        }
    }
}
