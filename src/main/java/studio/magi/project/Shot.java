package studio.magi.project;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/** One autoregressive sequence: each chunk continues the ones before it, from the shot's start. */
public record Shot(UUID id, ShotStart start, ShotSettings settings, List<Chunk> chunks) {
    public Shot {
        Objects.requireNonNull(id, "a shot needs an id");
        Objects.requireNonNull(start, "a shot needs a start (nothing, an image or a video)");
        Objects.requireNonNull(settings, "a shot needs its settings");
        chunks = List.copyOf(Objects.requireNonNull(chunks, "a shot needs its chunks"));
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("a shot needs at least one chunk");
        }
        Set<UUID> ids = new HashSet<>();
        for (Chunk c : chunks) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("two chunks share the id " + c.id());
            }
        }
    }

    /** A new shot of one chunk with the default settings. */
    public static Shot create(ShotStart start, Chunk first) {
        return new Shot(UUID.randomUUID(), start, ShotSettings.DEFAULT, List.of(first));
    }

    /**
     * The prompt chunk {@code index} is rendered with: its own, or else the nearest earlier chunk's in this shot,
     * or "" when no chunk up to it has one.
     */
    public String effectivePrompt(int index) {
        return effectivePrompt(chunks, index);
    }

    private static String effectivePrompt(List<Chunk> chunks, int index) {
        for (int i = index; i >= 0; i--) {
            if (chunks.get(i).hasOwnPrompt()) {
                return chunks.get(i).prompt();
            }
        }
        return "";
    }

    /** Whether chunk {@code index} shows a prompt it carries from an earlier chunk rather than its own. */
    public boolean carriesPrompt(int index) {
        return !chunks.get(index).hasOwnPrompt() && !effectivePrompt(index).isEmpty();
    }

    /** The position of a chunk in this shot, or -1. */
    public int indexOf(UUID chunkId) {
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).id().equals(chunkId)) {
                return i;
            }
        }
        return -1;
    }

    /** The shot's length: its start's own frames (a video's whole seconds), then its chunks. */
    public int frames() {
        return start.frames() + chunks.size() * Chunk.FRAMES;
    }

    /** The frame of the shot at which chunk {@code index} begins. */
    public int chunkStartFrame(int index) {
        return start.frames() + index * Chunk.FRAMES;
    }

    public Shot withChunks(List<Chunk> newChunks) {
        return new Shot(id, start, settings, newChunks);
    }

    public Shot withChunk(int index, Chunk chunk) {
        List<Chunk> list = new ArrayList<>(chunks);
        list.set(index, chunk);
        return withChunks(list);
    }

    public Shot withSettings(ShotSettings newSettings) {
        return new Shot(id, start, newSettings, chunks);
    }

    /**
     * This shot with every chunk that lost what it said (after a reorder) given back its previous effective prompt
     * as its own. Reordering a chunk never changes what another chunk's clip says.
     */
    public Shot keepingPrompts(Map<UUID, String> promptsBefore) {
        List<Chunk> list = new ArrayList<>(chunks);
        for (int i = 0; i < list.size(); i++) {
            String before = promptsBefore.get(list.get(i).id());
            if (before != null && !before.equals(effectivePrompt(list, i))) {
                list.set(i, list.get(i).withPrompt(before));
            }
        }
        return withChunks(list);
    }
}
