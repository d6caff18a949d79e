package studio.magi.render;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import studio.magi.project.ShotSettings;
import studio.magi.project.ShotStart;

/**
 * Chunks of one shot to render in one go, in order, as the service hands them to a {@link RenderTarget}: a shot from
 * its first chunk not in {@code renders/} to its end, or one take of one chunk. It carries all a target needs and
 * nothing of the live project: each chunk's content key (where it is kept), prompt and seed, the shot's settings,
 * what the chunks continue (the shot's start, and the keys of the rendered chunks before them, whose clean latents
 * are the history), and {@code remaining}, the shot's chunks from the first of these to its end, which the prompts'
 * duration tokens count down.
 *
 * @param take       one take of one chunk, rather than a shot from a chunk on
 * @param start      how the shot starts: from nothing, a picture, a video or another shot
 * @param startMedia the picture or video on disk; null unless the shot starts from one
 * @param source     the keys of the chunks of the shot it continues, in order, whose frames are its prefix video;
 *                   empty unless it starts from another shot
 * @param history    the keys of the shot's chunks before {@link #from()}, in order
 */
public record ChunkRun(long id, UUID shot, boolean take, List<PlannedChunk> chunks, ShotSettings settings,
                       ShotStart.Kind start, Path startMedia, List<String> source, List<String> history,
                       int remaining) {
    /** One chunk of a run: which chunk of the shot ({@code index}, from 0), its content key, prompt and seed. */
    public record PlannedChunk(UUID chunk, int index, String key, String prompt, long seed) {
    }

    public ChunkRun {
        chunks = List.copyOf(chunks);
        source = List.copyOf(source);
        history = List.copyOf(history);
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("a run renders at least one chunk");
        }
        if (take && chunks.size() != 1) {
            throw new IllegalArgumentException("a take is one chunk, not " + chunks.size());
        }
        if (history.size() != chunks.get(0).index()) {
            throw new IllegalArgumentException("a run from chunk " + chunks.get(0).index() + " continues that many chunks,"
                    + " not " + history.size());
        }
        if (remaining < chunks.size()) {
            throw new IllegalArgumentException(remaining + " chunks remaining, fewer than the run's " + chunks.size());
        }
        boolean media = start == ShotStart.Kind.IMAGE || start == ShotStart.Kind.VIDEO;
        if (media != (startMedia != null)) {
            throw new IllegalArgumentException("a shot starts from media exactly when it has a picture or a video");
        }
        if ((start == ShotStart.Kind.SHOT) == source.isEmpty()) {
            throw new IllegalArgumentException("a shot continues another shot's chunks exactly when it starts from one");
        }
    }

    /** The shot's chunk the run starts at. */
    public int from() {
        return chunks.get(0).index();
    }

    /** The content keys of the run's chunks, in order. */
    public List<String> keys() {
        return chunks.stream().map(PlannedChunk::key).toList();
    }

    /** Every key the run reads from {@code renders/} before its first chunk: the shot it continues, then its history. */
    public List<String> continues() {
        List<String> keys = new ArrayList<>(source);
        keys.addAll(history);
        return keys;
    }

    /** The same run under another id (one followed again after the studio reopened). */
    public ChunkRun withId(long newId) {
        return new ChunkRun(newId, shot, take, chunks, settings, start, startMedia, source, history, remaining);
    }
}
