package studio.magi.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.store.ProjectFileException;
import studio.magi.project.store.ProjectFolder;

/**
 * A project's chunks in film order, each with its content key and whether its render is in {@code renders/}: what an
 * exporter reads. Computed off the FX thread (it reads the shots' media to key them).
 */
public record RenderedFilm(Project project, RenderStore store, List<Entry> chunks) {
    /** One chunk of the film: where it is, its key, and whether it is rendered for what it says now. */
    public record Entry(int shot, int chunk, Chunk value, String prompt, long seed, String key, boolean rendered) {
    }

    public RenderedFilm {
        chunks = List.copyOf(chunks);
    }

    public static RenderedFilm of(Project project, Path projectDir, RenderModel model)
            throws IOException, ProjectFileException {
        RenderStore store = RenderStore.open(projectDir);
        ProjectFolder folder = ProjectFolder.at(projectDir);
        List<Entry> entries = new ArrayList<>();
        for (int s = 0; s < project.shots().size(); s++) {
            Shot shot = project.shots().get(s);
            String digest = shot.start().hasMedia() ? ShotMedia.digest(folder.resolveMedia(shot.start().media())) : null;
            List<String> keys = ChunkKeys.of(shot, ChunkKeys.startKey(shot, digest), model);
            for (int c = 0; c < shot.chunks().size(); c++) {
                Chunk chunk = shot.chunks().get(c);
                entries.add(new Entry(s, c, chunk, shot.effectivePrompt(c), ChunkKeys.seedOf(chunk), keys.get(c),
                        store.has(keys.get(c))));
            }
        }
        return new RenderedFilm(project, store, entries);
    }

    /** The chunks that are not rendered for what they say now, in film order. */
    public List<Entry> missing() {
        return chunks.stream().filter(e -> !e.rendered()).toList();
    }

    /** "Shot 1: chunks 3, 4; Shot 2: chunk 1", or empty when every chunk is rendered. */
    public Optional<String> describeMissing() {
        List<Entry> m = missing();
        if (m.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        int shot = -1;
        for (Entry e : m) {
            if (e.shot() != shot) {
                out.append(out.length() == 0 ? "" : "; ").append("shot ").append(e.shot() + 1).append(": chunk ");
                shot = e.shot();
            } else {
                out.append(", ");
            }
            out.append(e.chunk() + 1);
        }
        return Optional.of(out.toString());
    }
}
