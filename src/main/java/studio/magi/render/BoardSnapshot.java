package studio.magi.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.Take;

/** The {@link RenderBoard} the window is sent: the service's state at one moment. */
final class BoardSnapshot {
    private BoardSnapshot() {
    }

    /**
     * Every chunk's key, upstream key and status, every take's status, and the queue: its jobs in order, then the
     * latest failures. {@code keys} is null while no project is shown; {@code store} while its renders cannot be read.
     */
    static RenderBoard of(FilmKeys keys, RenderStore store, ChunkStatuses statuses, List<RenderJob> jobs,
                          String problem) {
        Project project = keys == null ? null : keys.project();
        Map<UUID, String> chunkKeys = new HashMap<>();
        Map<UUID, String> upstream = new HashMap<>();
        Map<UUID, ChunkStatus> chunks = new HashMap<>();
        Map<String, ChunkStatus> takes = new HashMap<>();
        if (project != null) {
            for (Shot s : project.shots()) {
                List<String> k = keys.chunks(s.id()).orElse(null);
                for (int i = 0; i < s.chunks().size(); i++) {
                    Chunk c = s.chunks().get(i);
                    if (k == null) {
                        chunks.put(c.id(), ChunkStatus.failed(keys.problem(s.id()).orElse("")));
                        continue;
                    }
                    chunkKeys.put(c.id(), k.get(i));
                    chunks.put(c.id(), statuses.of(k.get(i), c.id(), store));
                    upstream.put(c.id(), keys.upstream(s, i));
                    for (Take t : c.takes()) {
                        String tk = keys.take(s, i, t.seed());
                        takes.put(tk, statuses.of(tk, null, store));
                    }
                }
            }
        }
        List<QueueLine> lines = new ArrayList<>();
        for (RenderJob j : jobs) {
            if (!j.cancelled() || j.running()) {
                lines.add(j.line(QueueLabels.of(project, j)));
            }
        }
        lines.addAll(statuses.failedLines());
        return new RenderBoard(chunkKeys, upstream, chunks, takes, lines, store != null, problem);
    }
}
