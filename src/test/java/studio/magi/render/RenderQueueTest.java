package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.magi.render.SyntheticRenders.MODEL;
import static studio.magi.render.SyntheticRenders.film;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.project.Take;

/** Planning, on the calling thread: what is wanted becomes jobs, which start in order as the target has room. */
class RenderQueueTest {
    @TempDir
    Path dir;

    private RenderStore store;
    private ChunkStatuses statuses;
    private RenderQueue queue;

    @BeforeEach
    void open() throws Exception {
        store = RenderStore.open(dir);
        statuses = new ChunkStatuses();
        queue = new RenderQueue(statuses);
    }

    private void keep(Shot s, FilmKeys keys, int... chunks) throws Exception {
        for (int i : chunks) {
            store.write(SyntheticRenders.stored(s, i, keys.chunks(s.id()).orElseThrow().get(i),
                    SyntheticRenders.frames(2, 2, 1, i)));
        }
    }

    private static Project twoShots() {
        Shot second = new Shot(UUID.randomUUID(), ShotStart.NOTHING, SyntheticRenders.FAST,
                List.of(Chunk.create("a blue square", 30)));
        return new Project("P", List.of(film(2).shots().get(0), second));
    }

    @Test
    void aShotThatContinuesAnotherWantsItAndWaitsForItsJobUnlessTheTargetOrdersRuns() throws Exception {
        Shot source = film(2).shots().get(0);
        Shot after = new Shot(UUID.randomUUID(), ShotStart.after(source.id()), SyntheticRenders.FAST,
                List.of(Chunk.create("the circle turns blue", 3)));
        Project p = new Project("P", List.of(after, source));
        FilmKeys keys = FilmKeys.of(p, dir, MODEL, new MediaDigests());
        queue.want(p, after.id());
        queue.plan(keys, store);
        assertEquals(List.of(after.id(), source.id()), queue.wantedShots(), "the shot it continues is wanted too");
        RenderJob continuing = queue.jobs().stream().filter(j -> j.shot().equals(after.id())).findFirst().orElseThrow();
        assertEquals(keys.chunks(source.id()).orElseThrow(), continuing.run().source());

        List<RenderJob> here = queue.toStart(p, 4, store, false);
        assertEquals(List.of(source.id()), here.stream().map(RenderJob::shot).toList(), "this machine waits for it");
        List<RenderJob> cluster = queue.toStart(p, 4, store, true);
        assertEquals(List.of(source.id(), after.id()), cluster.stream().map(RenderJob::shot).toList(),
                "a cluster takes both, the continuing one after its source, whatever the shot order");

        here.get(0).started(() -> { });
        assertEquals(List.of(), queue.toStart(p, 4, store, false), "still rendering");
        keep(source, keys, 0, 1);
        queue.ended(p, here.get(0), null);
        assertEquals(List.of(after.id()), queue.toStart(p, 4, store, false).stream().map(RenderJob::shot).toList());
    }

    @Test
    void aFailedShotIsNoLongerWantedNorAreTheShotsThatContinueIt() {
        Shot source = film(2).shots().get(0);
        Shot after = new Shot(UUID.randomUUID(), ShotStart.after(source.id()), SyntheticRenders.FAST,
                List.of(Chunk.create("the circle turns blue", 3)));
        Project p = new Project("P", List.of(source, after));
        queue.want(p, after.id());
        queue.plan(FilmKeys.of(p, dir, MODEL, new MediaDigests()), store);
        RenderJob job = queue.toStart(p, 4, store, false).get(0);
        job.started(() -> { });
        queue.ended(p, job, "the node died");
        assertEquals(List.of(), queue.wantedShots(), "they would only ask for it again");
    }

    @Test
    void aWantedShotIsPlannedOnceFromItsFirstChunkNotInRendersWithTheChunksBeforeAsHistory() throws Exception {
        Project p = film(4);
        Shot s = p.shots().get(0);
        FilmKeys keys = FilmKeys.of(p, dir, MODEL, new MediaDigests());
        List<String> k = keys.chunks(s.id()).orElseThrow();
        keep(s, keys, 0, 1);

        queue.want(p, s.id());
        queue.plan(keys, store);
        queue.plan(keys, store);
        assertEquals(1, queue.jobs().size(), "planned once");
        ChunkRun run = queue.jobs().get(0).run();
        assertEquals(k.subList(2, 4), run.keys());
        assertEquals(k.subList(0, 2), run.history());
        assertEquals(2, run.remaining());
        assertEquals(ChunkStatus.QUEUED, statuses.of(k.get(3), null, store));
        assertEquals(List.of(s.id()), queue.wantedShots());
    }

    @Test
    void aShotWhoseChunksAreAllRenderedIsNoLongerWanted() throws Exception {
        Project p = film(2);
        Shot s = p.shots().get(0);
        FilmKeys keys = FilmKeys.of(p, dir, MODEL, new MediaDigests());
        keep(s, keys, 0, 1);
        queue.want(p, s.id());
        queue.plan(keys, store);
        assertEquals(List.of(), queue.jobs());
        assertEquals(List.of(), queue.wantedShots());
        assertFalse(queue.wantsAny());
    }

    @Test
    void aShotWhoseStartCannotBeReadFailsWithTheReasonAndIsNoLongerWanted() {
        Shot s = new Shot(UUID.randomUUID(), ShotStart.image("media/gone.png"), SyntheticRenders.FAST,
                List.of(Chunk.create("a sunset", 1)));
        Project p = new Project("P", List.of(s));
        queue.want(p, s.id());
        queue.plan(FilmKeys.of(p, dir, MODEL, new MediaDigests()), store);
        assertEquals(List.of(), queue.jobs());
        assertEquals(List.of(), queue.wantedShots());
        QueueLine line = statuses.failedLines().get(0);
        assertEquals("Shot 1 \u00b7 chunk 1", line.label());
        assertTrue(line.state().startsWith("failed: the shot's picture media/gone.png cannot be read"), line.state());
    }

    @Test
    void takesWaitForTheChunksBeforeThemThenGetAJobEach() throws Exception {
        Project plain = film(2);
        Shot s0 = plain.shots().get(0);
        Chunk withTakes = new Chunk(s0.chunks().get(1).id(), "", 8, List.of(new Take(21, "k"), new Take(22, "k")),
                Chunk.NO_TAKE);
        Project p = plain.withShot(0, s0.withChunk(1, withTakes));
        Shot s = p.shots().get(0);
        FilmKeys keys = FilmKeys.of(p, dir, MODEL, new MediaDigests());

        queue.wantTakes(withTakes.id());
        queue.plan(keys, store);
        assertEquals(List.of(s.id()), queue.wantedShots(), "the chunks before the takes are wanted first");
        assertTrue(queue.wantsAny());

        RenderQueue later = new RenderQueue(statuses);
        keep(s, keys, 0);
        later.wantTakes(withTakes.id());
        later.plan(keys, store);
        assertEquals(List.of(keys.take(s, 1, 21), keys.take(s, 1, 22)),
                later.jobs().stream().map(j -> j.run().keys().get(0)).toList());
        assertTrue(later.jobs().stream().allMatch(RenderJob::take));
        assertFalse(later.wantsAny());
    }

    @Test
    void jobsStartInShotOrderTheShotInFocusFirstAsTheTargetHasRoom() {
        Project p = twoShots();
        FilmKeys keys = FilmKeys.of(p, dir, MODEL, new MediaDigests());
        UUID first = p.shots().get(0).id();
        UUID second = p.shots().get(1).id();
        queue.want(p, first);
        queue.want(p, second);
        queue.focus(p.shots().get(1).chunks().get(0).id());
        queue.plan(keys, store);

        List<RenderJob> start = queue.toStart(p, 1, store, false);
        assertEquals(List.of(second), start.stream().map(RenderJob::shot).toList());
        start.get(0).started(() -> { });
        assertEquals(List.of(), queue.toStart(p, 1, store, false), "the target is full");
        assertEquals(List.of(first), queue.toStart(p, 2, store, false).stream().map(RenderJob::shot).toList());
    }

    @Test
    void aCancelledJobLeavesAtOnceWhenQueuedAndWhenItsTargetStopsWhenRunning() {
        Project p = twoShots();
        FilmKeys keys = FilmKeys.of(p, dir, MODEL, new MediaDigests());
        p.shots().forEach(s -> queue.want(p, s.id()));
        queue.plan(keys, store);
        RenderJob running = queue.jobs().get(0);
        running.started(() -> { });
        RenderJob queued = queue.jobs().get(1);

        queue.cancelJob(queued.id());
        assertEquals(List.of(running), queue.jobs());
        queue.cancelShot(running.shot());
        assertEquals(List.of(running), queue.jobs(), "listed until the target stops it");
        assertTrue(running.cancelled());
        assertEquals(List.of(), queue.wantedShots());
        queue.ended(p, running, "stopped by the cancel");
        assertEquals(List.of(), queue.jobs());
        assertEquals(List.of(), statuses.failedLines(), "a cancelled job does not fail");
    }

    @Test
    void aFailedJobMarksItsChunksNotLandedFailedAndItsShotIsNoLongerWanted() throws Exception {
        Project p = film(3);
        Shot s = p.shots().get(0);
        FilmKeys keys = FilmKeys.of(p, dir, MODEL, new MediaDigests());
        List<String> k = keys.chunks(s.id()).orElseThrow();
        queue.want(p, s.id());
        queue.plan(keys, store);
        RenderJob j = queue.jobs().get(0);
        j.started(() -> { });
        assertTrue(queue.stepped(j, 0, 1, 4));
        assertEquals(ChunkStatus.rendering(1, 4), statuses.of(k.get(0), null, store));
        keep(s, keys, 0);
        queue.landed(j, 0);

        queue.ended(p, j, "out of memory");
        assertEquals(ChunkStatus.DONE, statuses.of(k.get(0), null, store), "what landed stays");
        assertEquals(ChunkStatus.failed("out of memory"), statuses.of(k.get(1), null, store));
        assertEquals(ChunkStatus.failed("out of memory"), statuses.of(k.get(2), null, store));
        assertEquals("failed: out of memory", statuses.failedLines().get(0).state());
        assertEquals(List.of(), queue.wantedShots());
    }

    @Test
    void anEditCancelsTheJobsOfKeysTheProjectNoLongerHasAndARemovedShotIsNoLongerWanted() {
        Project p = twoShots();
        FilmKeys keys = FilmKeys.of(p, dir, MODEL, new MediaDigests());
        p.shots().forEach(s -> queue.want(p, s.id()));
        queue.plan(keys, store);
        queue.jobs().forEach(j -> j.started(() -> { }));

        Project edited = new Project("P", List.of(p.shots().get(0)));
        Set<String> current = Set.copyOf(keys.chunks(p.shots().get(0).id()).orElseThrow());
        queue.projectChanged(edited, current);
        assertEquals(List.of(p.shots().get(0).id()), queue.wantedShots());
        assertEquals(List.of(false, true), queue.jobs().stream().map(RenderJob::cancelled).toList());
        assertFalse(queue.stepped(queue.jobs().get(1), 0, 1, 4), "a cancelled job's steps are not shown");
    }

    @Test
    void aWantedShotLeavesTheQueueOnceAllItsChunksAreInRenders() throws Exception {
        Project p = film(2);
        Shot s = p.shots().get(0);
        FilmKeys keys = FilmKeys.of(p, dir, MODEL, new MediaDigests());
        queue.want(p, s.id());
        keep(s, keys, 0);
        assertFalse(queue.forgetIfRendered(s.id(), keys, store));
        keep(s, keys, 1);
        assertTrue(queue.forgetIfRendered(s.id(), keys, store));
        assertEquals(List.of(), queue.wantedShots());
    }
}
