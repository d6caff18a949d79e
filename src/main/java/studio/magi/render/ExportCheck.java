package studio.magi.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import studio.magi.project.store.ProjectFolder;

/** The refusals an export makes before it writes anything (see {@link #check}). */
final class ExportCheck {
    private ExportCheck() {
    }

    /**
     * Refuses a film whose shot's picture or video cannot be read, a film with a chunk that is not rendered for what
     * it says now or whose render's files are missing or are not regular files, a PNG folder that already exists, a
     * target that is a folder (MP4, OTIO) or that is one of the project's own files (links resolved), a place that is
     * not a folder.
     */
    static void check(RenderedFilm film, FilmExport.Format format, Path target) throws ExportException {
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
                throw new ExportException("cannot export: " + FilmFrames.unreadable(s, s.file() != null
                        && Files.exists(s.file()) ? "it cannot be read" : "it is not in the project folder")
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
            FilmFrames.count(film, e);
        }
        checkTarget(film, format, target.toAbsolutePath().normalize());
    }

    private static void checkTarget(RenderedFilm film, FilmExport.Format format, Path out) throws ExportException {
        if (out.getParent() == null) {
            throw new ExportException(out + ": not a place to export to; give a file or folder name");
        }
        if (partOfProject(film, out)) {
            throw new ExportException(out + ": is part of the project folder; export somewhere else");
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            if (format == FilmExport.Format.PNG) {
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
}
