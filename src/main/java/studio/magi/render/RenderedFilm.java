package studio.magi.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.project.store.ProjectFileException;
import studio.magi.project.store.ProjectFolder;

/**
 * A project's film in order, as an exporter reads it: its {@link #pieces() pieces}, each a chunk ({@link Entry}, with
 * its content key and whether its render is in {@code renders/}) or the whole seconds of a video a shot continues
 * ({@link Start}), shown before that shot's chunks. {@link #chunks()} is the chunks alone. A shot's media that cannot be
 * read is listed in {@link #unreadable()} (its chunks cannot be keyed, so they count as not rendered). Computed off
 * the FX thread (it reads the shots' media to key them).
 */
public record RenderedFilm(Project project, RenderStore store, List<Entry> chunks, List<Piece> pieces,
                           List<Unreadable> unreadable) {
    /** One piece of the film, in film order: a chunk or a shot's video start. */
    public sealed interface Piece permits Entry, Start {
        /** The shot it belongs to (0-based). */
        int shot();

        /** Its frames in the film. */
        int frames();
    }

    /** One chunk of the film: where it is, its key, and whether it is rendered for what it says now. */
    public record Entry(int shot, int chunk, Chunk value, String prompt, long seed, String key, boolean rendered)
            implements Piece {
        @Override
        public int frames() {
            return Chunk.FRAMES;
        }
    }

    /**
     * The video a shot continues, as the film shows it before the shot's chunks: its last {@code seconds} whole
     * seconds. {@code media} is the project's name for it ({@code media/clip.mp4}), {@code file} where it is on disk
     * (null when the name cannot be resolved; the film then lists it in {@link #unreadable()}).
     */
    public record Start(int shot, String media, Path file, int seconds) implements Piece {
        @Override
        public int frames() {
            return seconds * Chunk.FRAMES;
        }

        /** The file's own name, for clip names: "clip.mp4". */
        public String fileName() {
            int slash = media.lastIndexOf('/');
            return slash < 0 ? media : media.substring(slash + 1);
        }
    }

    /** A shot's picture or video that cannot be read: the film cannot be exported until it is back. */
    public record Unreadable(int shot, ShotStart.Kind kind, String media, String why) {
        /** "shot 2's video media/clip.mp4 cannot be read (it is not in the project folder)". */
        public String describe() {
            return "shot " + (shot + 1) + "'s " + (kind == ShotStart.Kind.IMAGE ? "picture" : "video") + " " + media
                    + " cannot be read (" + why + ")";
        }
    }

    public RenderedFilm {
        chunks = List.copyOf(chunks);
        pieces = List.copyOf(pieces);
        unreadable = List.copyOf(unreadable);
    }

    /** A film of chunks alone (no shot continues a video). */
    public RenderedFilm(Project project, RenderStore store, List<Entry> chunks) {
        this(project, store, chunks, List.copyOf(chunks), List.of());
    }

    public static RenderedFilm of(Project project, Path projectDir, RenderModel model)
            throws IOException, ProjectFileException {
        RenderStore store = RenderStore.open(projectDir);
        ProjectFolder folder = ProjectFolder.at(projectDir);
        List<Entry> entries = new ArrayList<>();
        List<Piece> pieces = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        for (int s = 0; s < project.shots().size(); s++) {
            Shot shot = project.shots().get(s);
            ShotStart start = shot.start();
            String digest = null;
            Path file = null;
            boolean readable = true;
            if (start.hasMedia()) {
                try {
                    file = folder.resolveMedia(start.media());
                    digest = ShotMedia.digest(file);
                } catch (ProjectFileException e) {
                    readable = false;
                    unreadable.add(new Unreadable(s, start.kind(), start.media(), e.getMessage()));
                } catch (IOException e) {
                    readable = false;
                    unreadable.add(new Unreadable(s, start.kind(), start.media(), why(file, e)));
                }
            }
            if (start.kind() == ShotStart.Kind.VIDEO && start.chunks() > 0) {
                pieces.add(new Start(s, start.media(), file, start.chunks()));
            }
            List<String> keys = ChunkKeys.of(shot, ChunkKeys.startKey(shot, digest), model);
            for (int c = 0; c < shot.chunks().size(); c++) {
                Chunk chunk = shot.chunks().get(c);
                Entry e = new Entry(s, c, chunk, shot.effectivePrompt(c), ChunkKeys.seedOf(chunk), keys.get(c),
                        readable && store.has(keys.get(c)));
                entries.add(e);
                pieces.add(e);
            }
        }
        return new RenderedFilm(project, store, entries, pieces, unreadable);
    }

    /** Why a media file could not be read, in words. */
    static String why(Path file, IOException e) {
        if (e instanceof NoSuchFileException || file != null && !Files.exists(file)) {
            return "it is not in the project folder";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The video starts of the film, in film order. */
    public List<Start> starts() {
        return pieces.stream().filter(p -> p instanceof Start).map(p -> (Start) p).toList();
    }

    /** The film's frames: every piece's. */
    public int frames() {
        return pieces.stream().mapToInt(Piece::frames).sum();
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
