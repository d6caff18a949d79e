package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.magi.render.SyntheticRenders.MODEL;
import static studio.magi.render.SyntheticRenders.film;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.project.Take;

/** The board the window is sent: keys, upstream keys and statuses of chunks and takes, then the queue. */
class BoardSnapshotTest {
    @TempDir
    Path dir;

    @Test
    void beforeAProjectIsShownTheBoardIsEmpty() {
        RenderBoard b = BoardSnapshot.of(null, null, new ChunkStatuses(), List.of(), "why");
        assertEquals(new RenderBoard(Map.of(), Map.of(), Map.of(), Map.of(), List.of(), false, "why"), b);
    }

    @Test
    void theBoardShowsEveryChunksKeyUpstreamAndStatusEveryTakesStatusAndTheQueueThenItsFailures() throws Exception {
        Shot plain = film(2).shots().get(0);
        Chunk withTake = new Chunk(plain.chunks().get(1).id(), "", 8, List.of(new Take(42, "k")), Chunk.NO_TAKE);
        Shot s = plain.withChunk(1, withTake);
        Shot unreadable = new Shot(UUID.randomUUID(), ShotStart.image("media/gone.png"), SyntheticRenders.FAST,
                List.of(Chunk.create("a sunset", 1)));
        Project p = new Project("P", List.of(s, unreadable));
        SyntheticRenders.renderAll(new Project("P", List.of(s)), dir, 4, 4);
        FilmKeys keys = FilmKeys.of(p, dir, MODEL, new MediaDigests());
        RenderStore store = RenderStore.open(dir);
        ChunkStatuses statuses = new ChunkStatuses();
        String take = keys.take(s, 1, 42);
        statuses.queued(List.of(take));
        statuses.failedLine(new QueueLine(0, "Shot 2 \u00b7 chunk 1", "failed: gone", 0));
        RenderJob job = new RenderJob(new ChunkRun(3, s.id(), true, List.of(new ChunkRun.PlannedChunk(withTake.id(), 1,
                take, "p", 42)), s.settings(), ShotStart.Kind.NOTHING, null, List.of(), List.of(keys.upstream(s, 1)), 1));
        RenderJob dropped = new RenderJob(job.run());
        dropped.cancel();

        RenderBoard b = BoardSnapshot.of(keys, store, statuses, List.of(job, dropped), "");
        List<String> k = keys.chunks(s.id()).orElseThrow();
        assertEquals(Optional.of(k.get(1)), b.key(withTake.id()));
        assertEquals(Optional.of(k.get(0)), b.upstream(withTake.id()));
        assertEquals(Optional.of(keys.upstream(s, 0)), b.upstream(s.chunks().get(0).id()));
        assertTrue(b.status(withTake.id()).done());
        assertEquals(ChunkStatus.QUEUED, b.takeStatus(take));
        Chunk lost = unreadable.chunks().get(0);
        assertEquals(Optional.empty(), b.key(lost.id()));
        assertEquals(ChunkStatus.State.FAILED, b.status(lost.id()).state());
        assertTrue(b.status(lost.id()).message().contains("media/gone.png"), b.status(lost.id()).message());
        assertEquals(List.of("Shot 1 \u00b7 chunk 2 \u00b7 take, seed 42", "Shot 2 \u00b7 chunk 1"),
                b.queue().stream().map(QueueLine::label).toList(), "a cancelled job not yet started is not listed");
        assertTrue(b.ready());
        assertFalse(BoardSnapshot.of(keys, null, statuses, List.of(), "").ready());
    }
}
