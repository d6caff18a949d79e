package studio.magi.engine.magi;

/** The load-time check found a part that computes wrong numbers on this CPU on every path it has. */
public final class WrongArithmeticException extends RuntimeException {
    WrongArithmeticException(String message) {
        super(message);
    }
}
