package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static studio.magi.render.SyntheticRenders.film;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.Shot;

/** The status of a key: renders/ first, then what the service knows of it, then stale or not rendered. */
class ChunkStatusesTest {
    private static final String KEY = "a".repeat(64);
    private static final String OTHER = "b".repeat(64);

    @TempDir
    Path dir;

    @Test
    void aKeyInRendersIsDoneElseQueuedOrRenderingElseFailedElseStaleOrNotRendered() throws Exception {
        Shot s = film(1).shots().get(0);
        RenderStore store = RenderStore.open(dir);
        ChunkStatuses statuses = new ChunkStatuses();
        assertEquals(ChunkStatus.NOT_RENDERED, statuses.of(KEY, s.chunks().get(0).id(), store));

        statuses.failed(KEY, "out of memory");
        assertEquals(ChunkStatus.failed("out of memory"), statuses.of(KEY, null, store));
        statuses.queued(List.of(KEY));
        assertEquals(ChunkStatus.QUEUED, statuses.of(KEY, null, store));
        statuses.rendering(KEY, 1, 4);
        assertEquals(ChunkStatus.rendering(1, 4), statuses.of(KEY, null, store));
        statuses.settled(KEY);
        assertEquals(ChunkStatus.NOT_RENDERED, statuses.of(KEY, null, store), "queuing it forgot the failure");

        store.write(SyntheticRenders.stored(s, 0, OTHER, SyntheticRenders.frames(2, 2, 1, 0)));
        assertEquals(ChunkStatus.STALE, statuses.of(KEY, s.chunks().get(0).id(), store), "rendered under another key");
        assertEquals(ChunkStatus.NOT_RENDERED, statuses.of(KEY, null, store), "a take is never stale");
        statuses.rendering(OTHER, 2, 4);
        assertEquals(ChunkStatus.DONE, statuses.of(OTHER, null, store));
        assertEquals(ChunkStatus.rendering(2, 4), statuses.of(OTHER, null, null), "no renders open: what it knows");
    }

    @Test
    void theQueueListsTheLatestFailuresNewestFirst() {
        ChunkStatuses statuses = new ChunkStatuses();
        IntStream.range(0, 10).forEach(i -> statuses.failedLine(new QueueLine(i, "job " + i, "failed", 0)));
        List<QueueLine> lines = statuses.failedLines();
        assertEquals(ChunkStatuses.FAILED_LINES, lines.size());
        assertEquals("job 9", lines.get(0).label());
        assertEquals("job 2", lines.get(7).label());

        statuses.failed(KEY, "gone");
        statuses.clearFailedLines();
        assertEquals(List.of(), statuses.failedLines());
        assertEquals(ChunkStatus.failed("gone"), statuses.of(KEY, null, null), "the chunk still says it failed");
        statuses.clearFailures();
        assertEquals(ChunkStatus.NOT_RENDERED, statuses.of(KEY, null, null));
    }
}
