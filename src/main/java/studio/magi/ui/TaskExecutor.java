package studio.magi.ui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work away from the FX thread (disk, later the engine) and hands the result back on the FX thread.
 * Tests use a version that runs everything at once on the calling thread, so that a test sees the result right away.
 */
public interface TaskExecutor {
    <T> void run(Callable<T> work, Consumer<T> onDone, Consumer<Exception> onFailed);

    /** Waits for work already handed in (a save in progress) before the studio exits. */
    void shutdown();
}
