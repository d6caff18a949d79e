package studio.magi.project.store;

/** A project file or media file that cannot be used; the message names the file and says why. */
public class ProjectFileException extends Exception {
    public ProjectFileException(String message) {
        super(message);
    }

    public ProjectFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
