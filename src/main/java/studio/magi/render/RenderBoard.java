package studio.magi.render;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A snapshot of the render service for the window: each chunk's content key and status, each chunk's upstream key
 * (the chunk before it, or the shot's start: what a take of it continues), the status of every take's key, and the
 * queue's lines. Immutable; a new one is published after every change.
 */
public record RenderBoard(Map<UUID, String> keys, Map<UUID, String> upstream, Map<UUID, ChunkStatus> chunks,
                          Map<String, ChunkStatus> takes, List<QueueLine> queue, boolean ready, String problem) {
    public static final RenderBoard EMPTY = new RenderBoard(Map.of(), Map.of(), Map.of(), Map.of(), List.of(), false, "");

    public RenderBoard {
        keys = Map.copyOf(keys);
        upstream = Map.copyOf(upstream);
        chunks = Map.copyOf(chunks);
        takes = Map.copyOf(takes);
        queue = List.copyOf(queue);
    }

    /** The status of the chunk as it is now in the project. */
    public ChunkStatus status(UUID chunk) {
        return chunks.getOrDefault(chunk, ChunkStatus.NOT_RENDERED);
    }

    /** The status of a take's key. */
    public ChunkStatus takeStatus(String key) {
        return takes.getOrDefault(key, ChunkStatus.NOT_RENDERED);
    }

    public Optional<String> key(UUID chunk) {
        return Optional.ofNullable(keys.get(chunk));
    }

    public Optional<String> upstream(UUID chunk) {
        return Optional.ofNullable(upstream.get(chunk));
    }

    /** Whether anything is queued or rendering. */
    public boolean busy() {
        return queue.stream().anyMatch(l -> !l.state().startsWith("failed"));
    }
}
