package studio.magi.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import studio.magi.engine.Frames;
import studio.magi.media.ClipReader;
import studio.magi.media.Frame;
import studio.magi.media.MediaException;
import studio.magi.media.Mp4Writer;
import studio.magi.media.Staging;
import studio.magi.project.Chunk;
import studio.magi.project.ShotStart;
import studio.magi.project.store.ProjectFolder;

/**
 * Writes a {@link RenderedFilm} out of the studio: as one MP4 (H.264, yuv420p, 24 fps), as a new folder of PNG frames
 * ({@code frame-000000.png}... in film order), or as an OpenTimelineIO timeline ({@code .otio}) with one clip per chunk
 * that points at the chunk's frames in {@code renders/} and carries its prompt, seed and take as metadata.
 *
 * <p>A shot that continues a video shows the video's last whole seconds before its chunks, and so does every export:
 * the MP4 and the PNG frames hold them fitted to the rendered chunks' size (as the model saw them), the timeline has a
 * clip of those seconds of the video file itself.
 *
 * <p>Every export is refused before anything is written when a chunk is not rendered for what it says now (the
 * message names the chunks). It is written under a hidden name beside the target and renamed when complete, so a
 * cancelled or failed export leaves nothing under the asked name: an existing PNG folder is refused, an existing MP4
 * or OTIO file is replaced only by the rename of a complete one. Progress is reported per piece of the film (a chunk,
 * or a shot's video start); it reaches its total only once the export is complete under its name. Cancelling takes
 * effect between pieces.
 */
public final class FilmExport {
    /** What an export writes. */
    public enum Format {
        MP4("mp4", "an MP4 (H.264, 24 fps)"),
        PNG("png", "a new folder of PNG frames"),
        OTIO("otio", "an OpenTimelineIO timeline");

        private final String word;
        private final String what;

        Format(String word, String what) {
            this.word = word;
            this.what = what;
        }

        /** The format's name on the command line: mp4, png or otio. */
        public String word() {
            return word;
        }

        /** What it writes, for messages: "an MP4 (H.264, 24 fps)". */
        public String what() {
            return what;
        }

        /** The format named {@code name} (any case), or empty. */
        public static Optional<Format> named(String name) {
            for (Format f : values()) {
                if (f.word.equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }

        /** The format a file's extension asks for (.mp4, .otio), or empty (a PNG folder has no extension). */
        public static Optional<Format> ofFileName(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".mp4")) {
                return Optional.of(MP4);
            }
            if (name.endsWith(".otio")) {
                return Optional.of(OTIO);
            }
            return Optional.empty();
        }
    }

    /**
     * Hears how far an export is: {@code done} of {@code total} pieces (chunks, and the video starts of shots that
     * continue one). Called on the exporting thread.
     */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void update(int done, int total);
    }

    /** How an export ended when it was not refused: written under its name, or cancelled with nothing left. */
    public enum Outcome {
        WRITTEN, CANCELLED
    }

    /** Frames a second of every export: the studio's chunks are 24 frames, one second. */
    public static final int RATE = Chunk.FPS;
    /** The digits of a PNG export's frame numbers (more for a film of a million frames or more). */
    static final int PNG_DIGITS = 6;
    static final String RENDER_PREFIX = "frame-";
    static final String RENDER_SUFFIX = ".png";
    /** The digits of a render's frame numbers: {@code frame-0000.png} (see {@link RenderStore#frameName(int)}). */
    static final int RENDER_DIGITS = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private FilmExport() {
    }

    /**
     * The refusals an export makes before it writes anything: a film whose shot's picture or video cannot be read, a
     * film with a chunk that is not rendered for what it says now or whose render's files are missing or are not
     * regular files, a PNG folder that already exists, a target that is a folder (MP4, OTIO) or that is one of the
     * project's own files (links resolved), a place that is not a folder.
     */
    public static void check(RenderedFilm film, Format format, Path target) throws ExportException {
        Objects.requireNonNull(film, "film");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(target, "target");
        if (film.chunks().isEmpty()) {
            throw new ExportException("the film has no chunks to export");
        }
        if (!film.unreadable().isEmpty()) {
            throw new ExportException("cannot export: " + String.join("; ",
                    film.unreadable().stream().map(RenderedFilm.Unreadable::describe).toList())
                    + "; put it back in the project folder or change the shot's start");
        }
        for (RenderedFilm.Start s : film.starts()) {
            if (s.file() == null || !Files.isRegularFile(s.file()) || !Files.isReadable(s.file())) {
                throw new ExportException("cannot export: " + unreadable(s, s.file() != null && Files.exists(s.file())
                        ? "it cannot be read" : "it is not in the project folder")
                        + "; put it back in the project folder or change the shot's start");
            }
        }
        Optional<String> missing = film.describeMissing();
        if (missing.isPresent()) {
            throw new ExportException("cannot export: not rendered for what they say now: " + missing.get()
                    + "; render them first");
        }
        for (RenderedFilm.Entry e : film.chunks()) {
            // Each render's files are looked at (not read) now: a refusal comes before the export starts.
            checkRenderedFiles(film, e);
        }
        Path out = target.toAbsolutePath().normalize();
        if (out.getParent() == null) {
            throw new ExportException(out + ": not a place to export to; give a file or folder name");
        }
        if (partOfProject(film, out)) {
            throw new ExportException(out + ": is part of the project folder; export somewhere else");
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            if (format == Format.PNG) {
                throw new ExportException(out + ": already exists; the PNG frames go into a new folder");
            }
            if (Files.isDirectory(out)) {
                throw new ExportException(out + ": is a folder; give the name of the " + format.word() + " file to write");
            }
        }
        Path existing = out.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new ExportException(out + ": " + existing + " is not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new ExportException(out + ": cannot write in " + existing);
        }
    }

    /** Whether {@code out}, links resolved, is one of the project's own files, so that an export would overwrite it. */
    private static boolean partOfProject(RenderedFilm film, Path out) throws ExportException {
        try {
            return ProjectFolder.at(film.store().dir().getParent()).owns(out);
        } catch (IOException e) {
            throw new ExportException(out + ": cannot tell where it leads (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Exports the film to {@code target} (the MP4 or OTIO file, or the new PNG folder), after {@link #check}.
     * {@code cancelled} is asked between chunks; when it says yes, whatever was written so far is removed.
     */
    public static Outcome export(RenderedFilm film, Format format, Path target, Progress progress,
                                 BooleanSupplier cancelled) throws ExportException {
        check(film, format, target);
        Progress report = progress == null ? Progress.NONE : progress;
        BooleanSupplier stop = cancelled == null ? () -> false : cancelled;
        Path out = target.toAbsolutePath().normalize();
        List<Path> made = makeFolders(out.getParent());
        Outcome outcome = Outcome.CANCELLED;
        try {
            report.update(0, film.pieces().size());
            outcome = switch (format) {
                case MP4 -> mp4(film, out, report, stop);
                case PNG -> png(film, out, report, stop);
                case OTIO -> otio(film, out, report, stop);
            };
            if (outcome == Outcome.WRITTEN) {
                report.update(film.pieces().size(), film.pieces().size());
            }
            return outcome;
        } finally {
            if (outcome != Outcome.WRITTEN) {
                removeEmpty(made);
            }
        }
    }

    /** Encodes piece by piece as they are read, so that a long film never waits in memory. */
    private static Outcome mp4(RenderedFilm film, Path out, Progress progress, BooleanSupplier cancelled)
            throws ExportException {
        List<RenderedFilm.Piece> pieces = film.pieces();
        Sizes sizes = new Sizes();
        sizes.fromFirstChunk(film);
        try (Mp4Writer video = Mp4Writer.open(out, sizes.width, sizes.height, RATE, Mp4Writer.DEFAULT_CRF)) {
            for (int i = 0; i < pieces.size(); i++) {
                if (cancelled.getAsBoolean()) {
                    return Outcome.CANCELLED;
                }
                Frames f;
                if (pieces.get(i) instanceof RenderedFilm.Entry e) {
                    f = read(film, e).frames();
                    sizes.check(e, f.width(), f.height());
                } else {
                    f = startFrames((RenderedFilm.Start) pieces.get(i), sizes.width, sizes.height);
                }
                for (int k = 0; k < f.count(); k++) {
                    video.add(Frame.of(f.width(), f.height(), f.frame(k)));
                }
                partway(progress, i + 1, pieces.size());
            }
            if (cancelled.getAsBoolean()) {
                return Outcome.CANCELLED;
            }
            video.finish();
            return Outcome.WRITTEN;
        } catch (MediaException e) {
            throw new ExportException(e.getMessage(), e);
        }
    }

    private static Outcome png(RenderedFilm film, Path out, Progress progress, BooleanSupplier cancelled)
            throws ExportException {
        List<RenderedFilm.Piece> pieces = film.pieces();
        long expected = film.frames();
        String pattern = "frame-%0" + Math.max(PNG_DIGITS, String.valueOf(expected - 1).length()) + "d.png";
        Path temp = staging(out, "");
        boolean moved = false;
        try {
            Sizes sizes = new Sizes();
            int n = 0;
            for (int i = 0; i < pieces.size(); i++) {
                if (cancelled.getAsBoolean()) {
                    return Outcome.CANCELLED;
                }
                if (pieces.get(i) instanceof RenderedFilm.Entry e) {
                    Frames f = read(film, e).frames();
                    sizes.check(e, f.width(), f.height());
                    Path folder = film.store().folder(e.key());
                    for (int k = 0; k < f.count(); k++) {
                        Files.copy(folder.resolve(RenderStore.frameName(k)),
                                temp.resolve(String.format(Locale.ROOT, pattern, n++)));
                    }
                } else {
                    sizes.fromFirstChunk(film);
                    Frames f = startFrames((RenderedFilm.Start) pieces.get(i), sizes.width, sizes.height);
                    for (int k = 0; k < f.count(); k++) {
                        Path file = temp.resolve(String.format(Locale.ROOT, pattern, n++));
                        if (!ImageIO.write(Frame.of(f.width(), f.height(), f.frame(k)).toImage(), "png", file.toFile())) {
                            throw new IOException("no PNG writer available");
                        }
                    }
                }
                partway(progress, i + 1, pieces.size());
            }
            if (cancelled.getAsBoolean()) {
                return Outcome.CANCELLED;
            }
            Files.move(temp, out);
            moved = true;
            return Outcome.WRITTEN;
        } catch (FileAlreadyExistsException e) {
            throw new ExportException(out + ": appeared while exporting; the PNG frames go into a new folder", e);
        } catch (IOException e) {
            throw new ExportException(out + ": cannot write the PNG frames (" + e.getMessage() + ")", e);
        } finally {
            if (!moved) {
                Staging.remove(temp);
            }
        }
    }

    private static Outcome otio(RenderedFilm film, Path out, Progress progress, BooleanSupplier cancelled)
            throws ExportException {
        List<RenderedFilm.Piece> pieces = film.pieces();
        ArrayNode clips = JSON.createArrayNode();
        for (int i = 0; i < pieces.size(); i++) {
            if (cancelled.getAsBoolean()) {
                return Outcome.CANCELLED;
            }
            if (pieces.get(i) instanceof RenderedFilm.Entry e) {
                // Read whole, as the MP4 and PNG exports read it: a timeline must not point at a damaged render.
                clips.add(clip(e, read(film, e).frames().count(), film.store().folder(e.key())));
            } else {
                RenderedFilm.Start s = (RenderedFilm.Start) pieces.get(i);
                clips.add(clip(s, videoFrames(s)));
            }
            partway(progress, i + 1, pieces.size());
        }
        byte[] json;
        try {
            json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(timeline(film.project().name(), clips));
        } catch (IOException e) {
            throw new ExportException(out + ": cannot write the timeline (" + e.getMessage() + ")", e);
        }
        if (cancelled.getAsBoolean()) {
            return Outcome.CANCELLED;
        }
        Path temp = staging(out, ".otio");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream stream = Channels.newOutputStream(channel);
                stream.write(json);
                stream.flush();
                channel.force(true);
            }
            Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Outcome.WRITTEN;
        } catch (IOException e) {
            throw new ExportException(out + ": cannot write the timeline (" + e.getMessage() + ")", e);
        } finally {
            Staging.remove(temp);
        }
    }

    /** The OTIO document: a Timeline.1 whose Stack.1 holds one video Track.1 of the film's clips. */
    static ObjectNode timeline(String name, ArrayNode clips) {
        ObjectNode track = item("Track.1", "Video 1");
        track.set("children", clips);
        track.put("kind", "Video");
        ObjectNode stack = item("Stack.1", "tracks");
        stack.putArray("children").add(track);
        ObjectNode timeline = JSON.createObjectNode();
        timeline.put("OTIO_SCHEMA", "Timeline.1");
        timeline.putObject("metadata");
        timeline.put("name", name);
        timeline.set("global_start_time", time(0));
        timeline.set("tracks", stack);
        return timeline;
    }

    /** One chunk as a Clip.1 of its frames, its image sequence in renders/KEY/frame-0000.png..., its prompt as metadata. */
    static ObjectNode clip(RenderedFilm.Entry e, int frames, Path folder) {
        ObjectNode clip = item("Clip.1", "Shot " + (e.shot() + 1) + " \u00b7 Chunk " + (e.chunk() + 1));
        ObjectNode magi = ((ObjectNode) clip.get("metadata")).putObject("magi");
        magi.put("prompt", e.prompt());
        magi.put("seed", e.seed());
        if (e.value().chosenTake() == Chunk.NO_TAKE) {
            magi.putNull("take");
        } else {
            magi.put("take", e.value().chosenTake() + 1);
        }
        magi.put("render_key", e.key());
        magi.put("shot", e.shot() + 1);
        magi.put("chunk", e.chunk() + 1);
        magi.put("chunk_id", e.value().id().toString());
        clip.set("source_range", range(frames));

        ObjectNode ref = JSON.createObjectNode();
        ref.put("OTIO_SCHEMA", "ImageSequenceReference.1");
        ref.putObject("metadata");
        ref.put("name", e.key());
        ref.set("available_range", range(frames));
        String url = folder.toAbsolutePath().normalize().toUri().toString();
        ref.put("target_url_base", url.endsWith("/") ? url : url + "/");
        ref.put("name_prefix", RENDER_PREFIX);
        ref.put("name_suffix", RENDER_SUFFIX);
        ref.put("start_frame", 0);
        ref.put("frame_step", 1);
        ref.put("rate", (double) RATE);
        ref.put("frame_zero_padding", RENDER_DIGITS);
        ref.put("missing_frame_policy", "error");
        clip.set("media_reference", ref);
        return clip;
    }

    /**
     * A shot's video start as a Clip.1 of the video file ({@code videoFrames} long): its last whole seconds, the ones
     * the film shows before the shot's chunks.
     */
    static ObjectNode clip(RenderedFilm.Start s, int videoFrames) {
        ObjectNode clip = item("Clip.1", "Shot " + (s.shot() + 1) + " \u00b7 " + s.fileName());
        ObjectNode magi = ((ObjectNode) clip.get("metadata")).putObject("magi");
        magi.put("shot", s.shot() + 1);
        magi.put("start", "video");
        magi.put("media", s.media());
        magi.put("seconds", s.seconds());
        clip.set("source_range", range(videoFrames - s.frames(), s.frames()));

        ObjectNode ref = JSON.createObjectNode();
        ref.put("OTIO_SCHEMA", "ExternalReference.1");
        ref.putObject("metadata");
        ref.put("name", s.fileName());
        ref.set("available_range", range(videoFrames));
        ref.put("target_url", s.file().toAbsolutePath().normalize().toUri().toString());
        clip.set("media_reference", ref);
        return clip;
    }

    private static ObjectNode item(String schema, String name) {
        ObjectNode node = JSON.createObjectNode();
        node.put("OTIO_SCHEMA", schema);
        node.putObject("metadata");
        node.put("name", name);
        node.putNull("source_range");
        node.putArray("effects");
        node.putArray("markers");
        node.put("enabled", true);
        return node;
    }

    private static ObjectNode range(int frames) {
        return range(0, frames);
    }

    private static ObjectNode range(int start, int frames) {
        ObjectNode range = JSON.createObjectNode();
        range.put("OTIO_SCHEMA", "TimeRange.1");
        range.set("duration", time(frames));
        range.set("start_time", time(start));
        return range;
    }

    private static ObjectNode time(int frames) {
        ObjectNode time = JSON.createObjectNode();
        time.put("OTIO_SCHEMA", "RationalTime.1");
        time.put("rate", (double) RATE);
        time.put("value", (double) frames);
        return time;
    }

    /** A chunk's frames, read and checked, or a refusal naming the chunk. */
    private static StoredChunk read(RenderedFilm film, RenderedFilm.Entry e) throws ExportException {
        return film.store().read(e.key()).orElseThrow(() -> damaged(film, e));
    }

    /** A chunk's render has its files, regular files each, looked at without decoding them (before any export). */
    private static void checkRenderedFiles(RenderedFilm film, RenderedFilm.Entry e) throws ExportException {
        Path folder = film.store().folder(e.key());
        try {
            JsonNode meta = film.store().meta(e.key());
            int frames = meta.path("frames").asInt();
            if (frames < 1 || !e.key().equals(meta.path("key").asText())) {
                throw damaged(film, e);
            }
            for (int k = 0; k < frames; k++) {
                if (!Files.isRegularFile(folder.resolve(RenderStore.frameName(k)), LinkOption.NOFOLLOW_LINKS)) {
                    throw damaged(film, e);
                }
            }
        } catch (IOException ex) {
            throw damaged(film, e);
        }
    }

    /**
     * The frames a video start shows, fitted to the film's size: the video's last {@code seconds} whole seconds, or a
     * refusal naming the shot and the file.
     */
    private static Frames startFrames(RenderedFilm.Start s, int width, int height) throws ExportException {
        Frames all;
        try {
            all = ShotMedia.prefix(s.file(), width, height, Chunk.FRAMES);
        } catch (RuntimeException e) {
            throw new ExportException(unreadable(s, e.getMessage()), e);
        }
        if (all.count() < s.frames()) {
            throw tooShort(s, all.count());
        }
        return all.range(all.count() - s.frames(), all.count());
    }

    /** How many frames a video start's file holds, checked to have the whole seconds the shot shows. */
    private static int videoFrames(RenderedFilm.Start s) throws ExportException {
        int total;
        try {
            total = ClipReader.read(s.file()).size();
        } catch (RuntimeException e) {
            throw new ExportException(unreadable(s, e.getMessage()), e);
        }
        if (total / Chunk.FRAMES * Chunk.FRAMES < s.frames()) {
            throw tooShort(s, total);
        }
        return total;
    }

    private static String unreadable(RenderedFilm.Start s, String why) {
        return new RenderedFilm.Unreadable(s.shot(), ShotStart.Kind.VIDEO, s.media(), why).describe();
    }

    private static ExportException tooShort(RenderedFilm.Start s, int frames) {
        int whole = frames / Chunk.FRAMES;
        return new ExportException("shot " + (s.shot() + 1) + "'s video " + s.media() + " has " + whole
                + (whole == 1 ? " whole second" : " whole seconds") + " (" + frames + " frames), the shot shows "
                + s.seconds() + "; the file changed since the shot was made");
    }

    private static ExportException damaged(RenderedFilm film, RenderedFilm.Entry e) {
        return new ExportException("shot " + (e.shot() + 1) + ", chunk " + (e.chunk() + 1) + ": its render in "
                + film.store().folder(e.key()) + " cannot be read; render it again");
    }

    /** One film has one frame size: the MP4 and the PNG folder need it. */
    private static final class Sizes {
        private int width = -1;
        private int height = -1;

        /** A video start comes at the film's size: the first rendered chunk's (every chunk has the model's). */
        void fromFirstChunk(RenderedFilm film) throws ExportException {
            if (width >= 0) {
                return;
            }
            RenderedFilm.Entry first = film.chunks().get(0);
            try {
                JsonNode meta = film.store().meta(first.key());
                int w = meta.path("width").asInt();
                int h = meta.path("height").asInt();
                if (w < 1 || h < 1) {
                    throw damaged(film, first);
                }
                width = w;
                height = h;
            } catch (IOException ex) {
                throw damaged(film, first);
            }
        }

        void check(RenderedFilm.Entry e, int w, int h) throws ExportException {
            if (width < 0) {
                width = w;
                height = h;
            } else if (w != width || h != height) {
                throw new ExportException("shot " + (e.shot() + 1) + ", chunk " + (e.chunk() + 1) + " is " + w + "x" + h
                        + ", the chunks before it are " + width + "x" + height + ": a film is exported at one size");
            }
        }
    }

    /** Progress after a piece: the total only once the export is complete under its name. */
    private static void partway(Progress progress, int done, int total) {
        if (done < total) {
            progress.update(done, total);
        }
    }

    /** A new hidden file (with an extension) or folder (without) beside {@code out} for the export in progress. */
    private static Path staging(Path out, String extension) throws ExportException {
        try {
            return extension.isEmpty() ? Staging.newFolder(out) : Staging.newFile(out, extension);
        } catch (IOException e) {
            throw new ExportException(out + ": cannot write beside it (" + e.getMessage() + ")", e);
        }
    }

    /** Creates {@code folder} and the folders above it that are missing; returns those it created, deepest first. */
    private static List<Path> makeFolders(Path folder) throws ExportException {
        List<Path> made = new ArrayList<>();
        for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
            made.add(p);
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            removeEmpty(made);
            throw new ExportException(folder + ": cannot create the folder (" + e.getMessage() + ")", e);
        }
        return made;
    }

    private static void removeEmpty(List<Path> folders) {
        for (Path p : folders) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // Not empty (something else was put there) or not ours to remove: left as it is.
            }
        }
    }
}
