package studio.magi.cli;

/** A problem with what the user asked for (a missing file, a bad value): one line, exit code 2. */
public class UserError extends RuntimeException {
    static final int EXIT = 2;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
