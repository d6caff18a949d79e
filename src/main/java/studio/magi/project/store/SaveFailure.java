package studio.magi.project.store;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Why writing into a project folder failed, in the user's words: the folder and the cause (missing, read-only, no
 * permission, the disk full), never the hidden temporary file that the system named. A message that is already the
 * program's own ({@link ProjectFileException}) is kept as it is.
 */
public final class SaveFailure {
    private SaveFailure() {
    }

    /** One sentence naming {@code folder} (or, when it is yet to be made, the folder it was to be made in). */
    public static String describe(Path folder, Exception e) {
        if (e instanceof ProjectFileException) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException && !Files.isDirectory(folder)) {
            return "The folder " + folder + " is missing: it was moved, renamed or deleted, or its disk is not there.";
        }
        Path where = folder.toAbsolutePath();
        while (where.getParent() != null && !Files.isDirectory(where)) {
            where = where.getParent();
        }
        // A FileSystemException's message names the file (a hidden temporary one); its reason is the system's words.
        String reason = e instanceof FileSystemException f ? (f.getReason() != null ? f.getReason()
                : f.getClass().getSimpleName()) : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (reason.contains("No space left on device") || reason.contains("Disk quota exceeded")) {
            return "The disk that holds the folder " + where + " is full.";
        }
        boolean refused = e instanceof AccessDeniedException || reason.contains("Operation not permitted")
                || reason.contains("Permission denied");
        if (reason.contains("Read-only file system") || refused && !Files.isWritable(where)) {
            return "The folder " + where + " is read-only.";
        }
        if (refused) {
            return "You have no permission to write in the folder " + where + ".";
        }
        return "Writing in the folder " + where + " failed: " + reason + ".";
    }
}
