package studio.magi.render;

/**
 * An export that cannot be made or did not complete: chunks not rendered, a target that is already there, a damaged
 * render, a disk that refused. The message is one line that says what and where; nothing is left under the target's
 * name.
 */
public class ExportException extends Exception {
    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
