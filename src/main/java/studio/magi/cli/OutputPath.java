package studio.magi.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command will write, checked before any work: a path that cannot be written (under a regular file, in a
 * folder that takes no new files) is one line in the program's words at the start, not a library's words ("error
 * -30", "Has setFormat() been called?") after the whole render.
 */
final class OutputPath {
    private OutputPath() {
    }

    /** A file to write (an existing file is replaced once the new one is complete; a folder there is refused). */
    static void file(Path target) {
        requireWritableFolder(target);
        if (Files.isDirectory(target)) {
            throw new UserError(target + ": is a folder; give the name of the file to write");
        }
    }

    /** A new folder to create. */
    static void folder(Path target) {
        requireWritableFolder(target);
    }

    /**
     * The nearest folder of the target's path that exists must be a folder in which a file can be made (tried: the
     * only test that holds on every kind of file system, and for root, whom permissions do not stop).
     */
    private static void requireWritableFolder(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        if (absolute.getParent() == null) {
            throw new UserError(target + ": not a name to write to");
        }
        Path existing = absolute.getParent();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new UserError(target + ": " + existing + " is a file, not a folder");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".magi-", ".probe"));
        } catch (IOException e) {
            throw new UserError(target + ": cannot write in " + existing + " (" + reason(e) + ")");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return "no file can be made there";
    }
}
