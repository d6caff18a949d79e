package studio.magi.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import studio.magi.media.Staging;

/**
 * Where an export is written before it is complete: a new hidden file or folder beside the target, renamed to it by
 * the writer; and the folders above the target an export made, removed again when it is not written.
 */
final class ExportStaging {
    private ExportStaging() {
    }

    /** A new hidden file (with an extension) or folder (without) beside {@code out} for the export in progress. */
    static Path beside(Path out, String extension) throws ExportException {
        try {
            return extension.isEmpty() ? Staging.newFolder(out) : Staging.newFile(out, extension);
        } catch (IOException e) {
            throw new ExportException(out + ": cannot write beside it (" + e.getMessage() + ")", e);
        }
    }

    /** Creates {@code folder} and the folders above it that are missing; returns those it created, deepest first. */
    static List<Path> makeFolders(Path folder) throws ExportException {
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

    /** Removes the folders, deepest first, where they are empty. */
    static void removeEmpty(List<Path> folders) {
        for (Path p : folders) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // Not empty (something else was put there) or not ours to remove: left as it is.
            }
        }
    }
}
