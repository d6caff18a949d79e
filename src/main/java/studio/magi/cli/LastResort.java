package studio.magi.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A failure the program did not foresee (a bug, or a resource it ran out of): one line for the user, the stack trace
 * in the log ({@link LibraryLog}), exit code 1. A refusal of bad input is a {@link UserError} instead (exit code 2).
 */
final class LastResort {
    static final int EXIT = 1;

    private LastResort() {
    }

    static int report(Throwable failure, PrintWriter err) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        boolean logged = LibraryLog.append(trace.toString());
        String what = failure instanceof OutOfMemoryError ? "out of memory" : "unexpected error";
        err.println("magi: " + what + " (" + describe(failure) + ")"
                + (logged ? "; the details are in " + LibraryLog.file() : "; no log could be written"));
        err.flush();
        return EXIT;
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null || t.getMessage().isBlank() ? ""
                : ": " + OneLine.of(t.getMessage()));
    }
}
