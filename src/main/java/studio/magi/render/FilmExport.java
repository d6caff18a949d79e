package studio.magi.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import studio.magi.project.Chunk;

/**
 * Writes a {@link RenderedFilm} out of the studio: as one MP4 (H.264, yuv420p, 24 fps, {@link Mp4Export}), as a new
 * folder of PNG frames ({@code frame-000000.png}... in film order, {@link PngSequenceExport}), or as an
 * OpenTimelineIO timeline ({@code .otio}, {@link OtioExport}) with one clip per chunk that points at the chunk's
 * frames in {@code renders/} and carries its prompt, seed and take as metadata.
 *
 * <p>A shot that continues a video shows the video's last whole seconds before its chunks, and so does every export:
 * the MP4 and the PNG frames hold them fitted to the rendered chunks' size (as the model saw them), the timeline has a
 * clip of those seconds of the video file itself.
 *
 * <p>Every export is refused before anything is written when a chunk is not rendered for what it says now (the
 * message names the chunks; {@link ExportCheck}). It is written under a hidden name beside the target and renamed
 * when complete, so a cancelled or failed export leaves nothing under the asked name: an existing PNG folder is
 * refused, an existing MP4 or OTIO file is replaced only by the rename of a complete one. Progress is reported per
 * piece of the film (a chunk, or a shot's video start); it reaches its total only once the export is complete under
 * its name. Cancelling takes effect between pieces.
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

        FilmWriter writer() {
            return switch (this) {
                case MP4 -> new Mp4Export();
                case PNG -> new PngSequenceExport();
                case OTIO -> new OtioExport();
            };
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

    private FilmExport() {
    }

    /** The refusals an export makes before it writes anything: see {@link ExportCheck#check}. */
    public static void check(RenderedFilm film, Format format, Path target) throws ExportException {
        ExportCheck.check(film, format, target);
    }

    /**
     * Exports the film to {@code target} (the MP4 or OTIO file, or the new PNG folder), after {@link #check}.
     * {@code cancelled} is asked between pieces; when it says yes, whatever was written so far is removed, and so are
     * the folders the export made.
     */
    public static Outcome export(RenderedFilm film, Format format, Path target, Progress progress,
                                 BooleanSupplier cancelled) throws ExportException {
        check(film, format, target);
        Progress report = progress == null ? Progress.NONE : progress;
        ExportRun run = new ExportRun(film, target.toAbsolutePath().normalize(), report,
                cancelled == null ? () -> false : cancelled);
        List<Path> made = ExportStaging.makeFolders(run.out().getParent());
        Outcome outcome = Outcome.CANCELLED;
        try {
            report.update(0, film.pieces().size());
            outcome = format.writer().write(run);
            if (outcome == Outcome.WRITTEN) {
                report.update(film.pieces().size(), film.pieces().size());
            }
            return outcome;
        } finally {
            if (outcome != Outcome.WRITTEN) {
                ExportStaging.removeEmpty(made);
            }
        }
    }
}
