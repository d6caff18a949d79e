package studio.magi;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A FIFO (made with mkfifo, Linux) that ends the wait of a reader stuck on it after 20 seconds, and says so: a test of
 * a program that must not read it then fails instead of hanging.
 */
public final class Fifo implements AutoCloseable {
    private final AtomicBoolean over = new AtomicBoolean();
    private final AtomicBoolean waitedOn = new AtomicBoolean();
    private final Thread release;

    private Fifo(Path path) {
        release = new Thread(() -> {
            try {
                Thread.sleep(20_000);
                // Opening a FIFO to read and write never blocks on Linux, and ends a reader's wait with an end of file.
                while (!over.get()) {
                    try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                        waitedOn.set(true);
                    }
                    Thread.sleep(1000);
                }
            } catch (InterruptedException | IOException e) {
                // The test is over.
            }
        }, "fifo-release");
        release.setDaemon(true);
        release.start();
    }

    public static Fifo make(Path path) throws IOException, InterruptedException {
        assumeTrue(new ProcessBuilder("mkfifo", path.toString()).start().waitFor() == 0, "mkfifo (Linux) is needed");
        return new Fifo(path);
    }

    /** Whether something waited on the FIFO long enough to be released. */
    public boolean waitedOn() {
        return waitedOn.get();
    }

    @Override
    public void close() {
        over.set(true);
        release.interrupt();
    }
}
