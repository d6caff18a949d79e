package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.magi.render.SyntheticRenders.MODEL;
import static studio.magi.render.SyntheticRenders.film;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.project.Take;

/**
 * The render service against a target that records what it is asked to render: the seam where a cluster plugs in
 * beside this machine's devices. The test plays the target: it renders made-up chunks, reports steps, fails runs.
 */
class RenderServiceTargetTest {
    @TempDir
    Path dir;

    private final BoardWatch watch = new BoardWatch();

    private static Project twoShots() {
        Shot first = film(3).shots().get(0);
        Shot second = new Shot(UUID.randomUUID(), ShotStart.NOTHING, SyntheticRenders.FAST,
                List.of(Chunk.create("a blue square", 30), Chunk.create("it turns green", 31)));
        return new Project("Two shots", List.of(first, second));
    }

    private static List<String> keysOf(RenderBoard b, Shot s) {
        return s.chunks().stream().map(c -> b.key(c.id()).orElseThrow()).toList();
    }

    private Path queueFile() {
        return dir.resolve("renders").resolve(RenderQueueFile.NAME);
    }

    @Test
    void eachShotGoesToTheTargetAsOneRunOfItsChunksInOrderWithTheirKeysPromptsSeedsAndSettings() throws Exception {
        Project p = twoShots();
        RecordingTarget target = new RecordingTarget(2);
        try (RenderService service = new RenderService(target, MODEL, watch)) {
            service.show(p, dir);
            service.renderAll();
            ChunkRun first = target.await(1).run();
            ChunkRun second = target.await(2).run();
            RenderBoard b = watch.await("both running", x -> x.queue().size() == 2);

            Shot s = p.shots().get(0);
            assertEquals(s.id(), first.shot());
            assertEquals(List.of(0, 1, 2), first.chunks().stream().map(ChunkRun.PlannedChunk::index).toList());
            assertEquals(s.chunks().stream().map(Chunk::id).toList(),
                    first.chunks().stream().map(ChunkRun.PlannedChunk::chunk).toList());
            assertEquals(keysOf(b, s), first.keys(), "the keys the board shows, in order");
            assertEquals(List.of(7L, 8L, 9L), first.chunks().stream().map(ChunkRun.PlannedChunk::seed).toList());
            assertEquals(List.of(s.effectivePrompt(0), s.effectivePrompt(0), s.effectivePrompt(0)),
                    first.chunks().stream().map(ChunkRun.PlannedChunk::prompt).toList(), "prompts carry on");
            assertEquals(s.settings(), first.settings());
            assertEquals(ShotStart.Kind.NOTHING, first.start());
            assertNull(first.startMedia());
            assertEquals(List.of(), first.history());
            assertEquals(3, first.remaining());
            assertEquals(keysOf(b, p.shots().get(1)), second.keys());
            assertEquals("it turns green", second.chunks().get(1).prompt());
        }
    }

    @Test
    void runsStartInShotOrderTheShotInFocusFirstAndNoMoreAtOnceThanTheTargetTakes() throws Exception {
        Project p = twoShots();
        Shot first = p.shots().get(0);
        Shot second = p.shots().get(1);
        RecordingTarget target = new RecordingTarget(1);
        try (RenderService service = new RenderService(target, MODEL, watch)) {
            service.show(p, dir);
            service.prioritize(second.chunks().get(1).id());
            service.renderAll();
            RenderBoard b = watch.await("one running, one queued", x -> x.queue().size() == 2);
            assertEquals(List.of("Shot 2 \u00b7 chunks 1\u20132", "Shot 1 \u00b7 chunks 1\u20133"),
                    b.queue().stream().map(QueueLine::label).toList());
            assertEquals(List.of("starting", "queued"), b.queue().stream().map(QueueLine::state).toList());
            assertEquals(1, target.started().size(), "a target of one at a time is given one run");
            assertEquals(second.id(), target.started().get(0).run().shot());

            target.started().get(0).finish();
            assertEquals(first.id(), target.await(2).run().shot(), "the next run starts when the first ends");
        }
    }

    @Test
    void aRunReportsStepsAndChunksAsTheyLandAndTheShotLeavesTheQueueWhenAllHave() throws Exception {
        Project p = film(2);
        List<Chunk> chunks = p.shots().get(0).chunks();
        RecordingTarget target = new RecordingTarget(1);
        try (RenderService service = new RenderService(target, MODEL, watch)) {
            service.show(p, dir);
            service.renderAll();
            RecordingTarget.Started run = target.await(1);
            assertTrue(Files.exists(queueFile()), "the queue is kept while the shot renders");

            run.listener().step(0, 2, 4);
            RenderBoard b = watch.await("a step", x -> x.status(chunks.get(0).id()).state() == ChunkStatus.State.RENDERING);
            assertEquals(ChunkStatus.rendering(2, 4), b.status(chunks.get(0).id()));
            assertEquals(ChunkStatus.QUEUED, b.status(chunks.get(1).id()));
            assertEquals("chunk 1, step 2 of 4", b.queue().get(0).state());
            assertEquals(0.25, b.queue().get(0).progress(), 1e-9, "half of the first of two chunks");

            run.render(0);
            b = watch.await("the first chunk lands", x -> x.status(chunks.get(0).id()).done());
            String key = b.key(chunks.get(0).id()).orElseThrow();
            assertTrue(service.frames(key).isPresent(), "its frames are in memory at once");
            assertTrue(RenderStore.open(dir).has(key), "and in renders/");
            assertEquals(1, service.renderedChunks());

            run.render(1);
            run.listener().ended();
            watch.await("all done, nothing pending", x -> !x.busy() && x.status(chunks.get(1).id()).done());
            assertEquals(2, service.renderedChunks());
            assertFalse(Files.exists(queueFile()), "a rendered shot leaves the queue");
        }
    }

    @Test
    void anEditedShotResumesFromItsFirstStaleChunkWithTheChunksBeforeAsItsHistory() throws Exception {
        Project p = film(4);
        SyntheticRenders.renderAll(p, dir, 16, 16);
        Shot s = p.shots().get(0);
        Project changed = p.withShot(0, s.withChunk(2, s.chunks().get(2).withPrompt("the circle turns blue")));
        RecordingTarget target = new RecordingTarget(1);
        try (RenderService service = new RenderService(target, MODEL, watch)) {
            service.show(changed, dir);
            service.renderAll();
            ChunkRun run = target.await(1).run();
            RenderBoard b = watch.await("queued", RenderBoard::busy);
            List<String> keys = keysOf(b, changed.shots().get(0));
            assertEquals(2, run.from());
            assertEquals(keys.subList(0, 2), run.history(), "chunks 1 and 2 are history, from renders/");
            assertEquals(keys.subList(2, 4), run.keys());
            assertEquals(List.of("the circle turns blue", "the circle turns blue"),
                    run.chunks().stream().map(ChunkRun.PlannedChunk::prompt).toList());
            assertEquals(2, run.remaining());
        }
    }

    @Test
    void takesGoToTheTargetAsOneChunkRunsContinuingTheChunksBeforeThem() throws Exception {
        Project plain = film(2);
        Shot s = plain.shots().get(0);
        Chunk withTakes = new Chunk(s.chunks().get(1).id(), "", 8, List.of(new Take(21, "k"), new Take(22, "k")),
                Chunk.NO_TAKE);
        Project p = plain.withShot(0, s.withChunk(1, withTakes));
        SyntheticRenders.renderAll(p, dir, 16, 16);
        RecordingTarget target = new RecordingTarget(2);
        try (RenderService service = new RenderService(target, MODEL, watch)) {
            service.show(p, dir);
            RenderBoard b = watch.await("shown", x -> x.key(withTakes.id()).isPresent());
            service.renderTakes(withTakes.id());
            Shot shot = p.shots().get(0);
            for (int t = 0; t < 2; t++) {
                ChunkRun run = target.await(t + 1).run();
                long seed = 21 + t;
                assertEquals(1, run.chunks().size());
                assertEquals(1, run.from());
                assertEquals(seed, run.chunks().get(0).seed());
                assertEquals(service.takeKey(b, shot, 1, seed).orElseThrow(), run.chunks().get(0).key());
                assertEquals(List.of(b.key(shot.chunks().get(0).id()).orElseThrow()), run.history());
                assertEquals(1, run.remaining());
            }
            RenderBoard queued = watch.await("two takes queued", x -> x.queue().size() == 2);
            assertEquals("Shot 1 \u00b7 chunk 2 \u00b7 take, seed 21", queued.queue().get(0).label());
        }
    }

    @Test
    void cancellingAShotCancelsItsRunOnTheTargetWhichStaysListedUntilTheTargetStops() throws Exception {
        Project p = film(3);
        RecordingTarget target = new RecordingTarget(1);
        try (RenderService service = new RenderService(target, MODEL, watch)) {
            service.show(p, dir);
            service.renderAll();
            RecordingTarget.Started run = target.await(1);
            service.cancelShot(p.shots().get(0).id());
            watch.await("cancelling", x -> x.queue().size() == 1 && x.queue().get(0).state().equals("cancelling"));
            assertTrue(run.cancelled().get(), "the target was told");
            assertFalse(Files.exists(queueFile()), "a cancelled shot leaves the queue");

            run.listener().ended();
            RenderBoard b = watch.await("stopped", x -> x.queue().isEmpty());
            p.shots().get(0).chunks().forEach(c -> assertEquals(ChunkStatus.NOT_RENDERED, b.status(c.id()),
                    "a cancelled chunk is simply not rendered"));
        }
    }

    @Test
    void aFailedRunMarksTheChunksThatDidNotLandFailedWithTheTargetsReason() throws Exception {
        Project p = film(3);
        List<Chunk> chunks = p.shots().get(0).chunks();
        RecordingTarget target = new RecordingTarget(1);
        try (RenderService service = new RenderService(target, MODEL, watch)) {
            service.show(p, dir);
            service.renderAll();
            RecordingTarget.Started run = target.await(1);
            run.render(0);
            run.listener().failed("the node was lost");
            RenderBoard b = watch.await("failed", x -> x.status(chunks.get(1).id()).state() == ChunkStatus.State.FAILED);
            assertTrue(b.status(chunks.get(0).id()).done(), "what landed stays");
            assertEquals(ChunkStatus.failed("the node was lost"), b.status(chunks.get(2).id()));
            assertEquals(List.of(new QueueLine(run.run().id(), "Shot 1 \u00b7 chunks 1\u20133", "failed: the node was lost", 0)),
                    b.queue());
            assertFalse(b.busy());
            assertFalse(Files.exists(queueFile()), "a failed shot is not retried on reopen");
            assertEquals(1, target.started().size(), "nor at once");
        }
    }

    @Test
    void anEditThatChangesAChunkOfARunningRunCancelsItAndClosingCancelsTheRestAndClosesTheTarget() throws Exception {
        Project p = twoShots();
        RecordingTarget target = new RecordingTarget(2);
        RenderService service = new RenderService(target, MODEL, watch);
        service.show(p, dir);
        service.renderAll();
        RecordingTarget.Started first = target.await(1);
        RecordingTarget.Started second = target.await(2);
        Shot s = p.shots().get(0);
        service.show(p.withShot(0, s.withChunk(1, s.chunks().get(1).withPrompt("now it is a square"))), dir);
        watch.await("the edited shot's run is cancelling", x -> x.queue().stream()
                .anyMatch(l -> l.state().equals("cancelling")));
        assertTrue(first.cancelled().get());
        assertFalse(second.cancelled().get(), "the other shot did not change");

        service.close();
        assertTrue(second.cancelled().get());
        assertTrue(target.closed());
    }
}
