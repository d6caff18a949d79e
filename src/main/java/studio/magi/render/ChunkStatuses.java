package studio.magi.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the service knows of each content key beyond {@code renders/}: queued or rendering (with its step), or failed
 * with a message; and the latest failures as lines for the render queue. Coordinator thread only.
 */
final class ChunkStatuses {
    /** The render queue lists this many failures, newest first. */
    static final int FAILED_LINES = 8;

    private final Map<String, ChunkStatus> live = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private final List<QueueLine> failedLines = new ArrayList<>();

    /** The keys are queued: an earlier failure of theirs is forgotten. */
    void queued(List<String> keys) {
        keys.forEach(k -> {
            live.put(k, ChunkStatus.QUEUED);
            failures.remove(k);
        });
    }

    void rendering(String key, int done, int steps) {
        live.put(key, ChunkStatus.rendering(done, steps));
    }

    /** The key is no longer on its way: it landed, or its job was cancelled or ended. */
    void settled(String key) {
        live.remove(key);
    }

    void failed(String key, String message) {
        failures.put(key, message);
    }

    /** A failure for the render queue; the oldest beyond {@link #FAILED_LINES} go. */
    void failedLine(QueueLine line) {
        failedLines.add(0, line);
        while (failedLines.size() > FAILED_LINES) {
            failedLines.remove(failedLines.size() - 1);
        }
    }

    void clearFailedLines() {
        failedLines.clear();
    }

    /** Forgets the failures: another project folder is open. */
    void clearFailures() {
        failures.clear();
        failedLines.clear();
    }

    List<QueueLine> failedLines() {
        return List.copyOf(failedLines);
    }

    /**
     * The status of a key: done when it is in {@code renders/}; else queued, rendering or failed as this knows; else
     * stale when {@code chunk} (null for a take) has a render under another key, or not rendered.
     */
    ChunkStatus of(String key, UUID chunk, RenderStore store) {
        if (store != null && store.has(key)) {
            return ChunkStatus.DONE;
        }
        ChunkStatus l = live.get(key);
        if (l != null) {
            return l;
        }
        String f = failures.get(key);
        if (f != null) {
            return ChunkStatus.failed(f);
        }
        return chunk != null && store != null && store.hasAnyFor(chunk) ? ChunkStatus.STALE : ChunkStatus.NOT_RENDERED;
    }
}
