package studio.magi.project.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write says which folder and why in the user's words, never naming the hidden temporary file. */
class SaveFailureTest {
    @TempDir
    Path dir;

    /** The exceptions as the JDK throws them on Linux: the hidden file in the message, the system's words as reason. */
    private String temp() {
        return AtomicFile.besides(dir.resolve("project.json")).toString();
    }

    @Test
    void theCommonCausesAreNamed() {
        assertEquals("The disk that holds the folder " + dir + " is full.",
                SaveFailure.describe(dir, new IOException("No space left on device")));
        assertEquals("The disk that holds the folder " + dir + " is full.",
                SaveFailure.describe(dir, new FileSystemException(temp(), null, "No space left on device")));
        assertEquals("The folder " + dir + " is read-only.",
                SaveFailure.describe(dir, new FileSystemException(temp(), null, "Read-only file system")));
        assertEquals("You have no permission to write in the folder " + dir + ".",
                SaveFailure.describe(dir, new AccessDeniedException(temp())));
        assertEquals("Writing in the folder " + dir + " failed: Input/output error.",
                SaveFailure.describe(dir, new FileSystemException(temp(), null, "Input/output error")));
    }

    @Test
    void aFolderThatIsGoneIsMissingAndOneYetToBeMadeIsNamedByWhereItWasToBe() {
        Path gone = dir.resolve("film");
        assertEquals("The folder " + gone + " is missing: it was moved, renamed or deleted, or its disk is not there.",
                SaveFailure.describe(gone, new NoSuchFileException(gone.toString())));
        assertEquals("You have no permission to write in the folder " + dir + ".",
                SaveFailure.describe(gone.resolve("new"), new AccessDeniedException(gone.toString())));
    }

    @Test
    void theProgramsOwnMessagesStandAsTheyAre() {
        assertEquals("It holds another project.",
                SaveFailure.describe(dir, new ProjectFileException("It holds another project.")));
    }
}
