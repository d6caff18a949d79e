package studio.magi.media;

/** A video, image or folder that cannot be read or written; the message names the file. */
public class MediaException extends RuntimeException {
    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
