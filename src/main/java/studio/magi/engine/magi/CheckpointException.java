package studio.magi.engine.magi;

/** A checkpoint folder that cannot be used: a missing or damaged file, or weights that do not fit the config. */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
