package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotSettings;
import studio.magi.project.ShotStart;

/** A job as the render queue lists it, and its name there. */
class RenderJobTest {
    private static ChunkRun run(UUID shot, int from, int count, boolean take) {
        List<ChunkRun.PlannedChunk> chunks = IntStream.range(from, from + count)
                .mapToObj(i -> new ChunkRun.PlannedChunk(UUID.randomUUID(), i, "key" + i, "p", 12)).toList();
        List<String> history = IntStream.range(0, from).mapToObj(i -> "key" + i).toList();
        return new ChunkRun(5, shot, take, chunks, ShotSettings.DEFAULT, ShotStart.Kind.NOTHING, null, List.of(), history,
                count);
    }

    @Test
    void aJobIsQueuedThenStartingThenAtAStepOfAChunkCountedInTheShot() {
        RenderJob j = new RenderJob(run(UUID.randomUUID(), 2, 4, false));
        assertEquals(new QueueLine(5, "L", "queued", 0), j.line("L"));
        j.started(() -> { });
        assertEquals("starting", j.line("L").state());
        j.waiting("pending on cluster gpu: Priority");
        assertEquals("pending on cluster gpu: Priority", j.line("L").state(), "what the target says before a step");
        j.landed(0);
        j.stepped(1, 2, 4);
        QueueLine line = j.line("L");
        assertEquals("chunk 4, step 2 of 4", line.state(), "the run's second chunk is the shot's fourth");
        assertEquals((1 + 0.5) / 4, line.progress(), 1e-9);
        assertEquals(1, j.finished());
    }

    @Test
    void cancellingAJobOnTheTargetTellsTheTargetAndListsItAsCancelling() {
        AtomicInteger told = new AtomicInteger();
        RenderJob queued = new RenderJob(run(UUID.randomUUID(), 0, 1, false));
        queued.cancel();
        assertTrue(queued.cancelled());
        assertFalse(queued.running());

        RenderJob running = new RenderJob(run(UUID.randomUUID(), 0, 1, false));
        running.started(told::incrementAndGet);
        running.cancel();
        assertEquals(1, told.get());
        assertEquals("cancelling", running.line("L").state());
    }

    @Test
    void aJobIsNamedByItsShotAndChunksAsTheProjectNumbersThemNow() {
        Shot a = SyntheticRenders.film(1).shots().get(0);
        Shot b = new Shot(UUID.randomUUID(), ShotStart.NOTHING, ShotSettings.DEFAULT,
                List.of(Chunk.create("x", 1), Chunk.create("", 2), Chunk.create("", 3), Chunk.create("", 4)));
        Project p = new Project("P", List.of(a, b));
        assertEquals("Shot 2 \u00b7 chunks 2\u20134", QueueLabels.of(p, new RenderJob(run(b.id(), 1, 3, false))));
        assertEquals("Shot 2 \u00b7 chunk 4", QueueLabels.of(p, new RenderJob(run(b.id(), 3, 1, false))));
        assertEquals("Shot 2 \u00b7 chunk 3 \u00b7 take, seed 12", QueueLabels.of(p, new RenderJob(run(b.id(), 2, 1, true))));
        assertEquals("A removed shot \u00b7 chunk 1", QueueLabels.of(p, new RenderJob(run(UUID.randomUUID(), 0, 1, false))));
        assertEquals("Shot 1 \u00b7 chunk 1", QueueLabels.chunks(p, a.id(), 0, 5, false), "a shot's failure names its start");
    }
}
