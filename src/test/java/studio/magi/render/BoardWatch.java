package studio.magi.render;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Predicate;

/** Keeps the latest board a service published, and waits for one (or frames read) that satisfies a condition. */
final class BoardWatch implements RenderService.Listener {
    private RenderBoard latest = RenderBoard.EMPTY;

    @Override
    public synchronized void changed(RenderBoard board) {
        latest = board;
        notifyAll();
    }

    @Override
    public synchronized void framesLoaded() {
        notifyAll();
    }

    synchronized RenderBoard latest() {
        return latest;
    }

    synchronized RenderBoard await(String what, Predicate<RenderBoard> condition) throws InterruptedException {
        long end = System.currentTimeMillis() + 60_000;
        while (!condition.test(latest)) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                fail("timed out waiting for: " + what + "; the board says " + latest);
            }
            wait(left);
        }
        return latest;
    }
}
