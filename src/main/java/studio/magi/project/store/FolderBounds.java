package studio.magi.project.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the paths of a project folder really lead. Paths are compared with their links resolved, so that a path typed
 * through a link to the folder is still seen as inside it, and a link in the folder to elsewhere as outside.
 */
final class FolderBounds {
    private final Path dir;

    FolderBounds(Path dir) {
        this.dir = dir;
    }

    /**
     * {@code path} with its links resolved as far as it exists; the part that does not exist yet (a file about to be
     * written, or a dangling link, which a rename replaces rather than follows) is added as typed.
     */
    static Path real(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? absolute : existing.toRealPath().resolve(existing.relativize(absolute));
    }

    /** Whether {@code path}, links resolved, is in the folder (or is the folder). */
    boolean holds(Path path) throws IOException {
        return real(path).startsWith(real(dir));
    }

    /**
     * Refuses a file of the folder that links out of it, or that is not a regular file: a FIFO or a device would keep
     * its reader waiting, so this is asked before the file is opened.
     */
    void checkReadable(Path file) throws ProjectFileException {
        try {
            if (!holds(file)) {
                throw new ProjectFileException(file + " links to a file outside the project folder " + dir
                        + "; it was not read.");
            }
        } catch (IOException e) {
            throw new ProjectFileException(file + " could not be checked: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(file)) {
            throw new ProjectFileException(file + " is not a regular file (it is a FIFO, a device or a folder); it was"
                    + " not read.");
        }
    }

    /** Refuses a subfolder of the project ({@code media/}, {@code renders/}) that links out of it. */
    Path checkInside(Path folder) throws ProjectFileException {
        try {
            if (!holds(folder)) {
                throw new ProjectFileException(folder + " links outside its project folder " + dir
                        + "; it is not used.");
            }
        } catch (IOException e) {
            throw new ProjectFileException(folder + " could not be checked: " + e.getMessage(), e);
        }
        return folder;
    }
}
