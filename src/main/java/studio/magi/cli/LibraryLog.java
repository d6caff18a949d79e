package studio.magi.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where the libraries' lines go: DJL's GPU probing and platform lines (slf4j-simple writes them to System.err), FFmpeg's
 * errors, JavaCPP's warnings, a stack trace. {@link #divert} sends Java's System.err to a log file under the user's
 * state folder, {@code ${XDG_STATE_HOME:-~/.local/state}/magi-studio/magi.log}, so that the console shows the program's
 * own lines only (they go to the stream the command line took before). {@code --verbose} leaves them on the console.
 */
public final class LibraryLog {
    /** A log over this size is moved to magi.log.1 when a run starts, so that it never grows without end. */
    private static final long ROTATE_BYTES = 8L << 20;

    private static boolean diverted;

    private LibraryLog() {
    }

    /** The log file; the system property {@code magi.log} names another (the tests keep theirs in target/). */
    public static Path file() {
        String named = System.getProperty("magi.log");
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        String state = System.getenv("XDG_STATE_HOME");
        Path base = state != null && Path.of(state).isAbsolute() ? Path.of(state)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("magi-studio").resolve("magi.log");
    }

    /**
     * From now on System.err appends to the log, after a line naming this run. When the log cannot be written, the
     * libraries' lines are dropped: the console stays the program's.
     */
    public static synchronized void divert(String run) {
        if (diverted) {
            return;
        }
        diverted = true;
        // slf4j-simple reads these when its first logger is made, which is later: DJL makes its loggers on first use.
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        OutputStream log = open();
        PrintStream err = new PrintStream(log == null ? OutputStream.nullOutputStream() : log, true, StandardCharsets.UTF_8);
        err.println("---- " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + " pid "
                + ProcessHandle.current().pid() + ": " + run);
        System.setErr(err);
    }

    /** Appends to the log (a stack trace); false when it cannot be written. */
    static boolean append(String text) {
        OutputStream log = open();
        if (log == null) {
            return false;
        }
        try (log) {
            log.write(text.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static OutputStream open() {
        try {
            Path file = file();
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                return null; // a FIFO or a device there would keep the program waiting
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.isRegularFile(file) && Files.size(file) > ROTATE_BYTES) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
