package studio.magi.ui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs every task at once on the thread that hands it in, so a test sees its result on the next line. */
final class CallingThreadExecutor implements TaskExecutor {
    @Override
    public <T> void run(Callable<T> work, Consumer<T> onDone, Consumer<Exception> onFailed) {
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            onFailed.accept(e);
            return;
        }
        onDone.accept(result);
    }

    @Override
    public void shutdown() {
    }
}
