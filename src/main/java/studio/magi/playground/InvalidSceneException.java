package studio.magi.playground;

/** A scene spec that cannot be read or makes no sense; the message says where and why. */
public class InvalidSceneException extends RuntimeException {
    public InvalidSceneException(String message) {
        super(message);
    }

    public InvalidSceneException(String message, Throwable cause) {
        super(message, cause);
    }
}
