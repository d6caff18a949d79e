package studio.magi.render.farm;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import studio.magi.render.QueueLine;
import studio.magi.render.RenderBoard;
import studio.magi.render.RenderService;

/** Keeps the boards a service published (and every queue line seen), and waits for one that satisfies a condition. */
final class Boards implements RenderService.Listener {
    private final List<RenderBoard> seen = new ArrayList<>();
    private RenderBoard latest = RenderBoard.EMPTY;

    @Override
    public synchronized void changed(RenderBoard board) {
        latest = board;
        seen.add(board);
        notifyAll();
    }

    synchronized RenderBoard latest() {
        return latest;
    }

    /** The boards published from the {@code from}th on. */
    synchronized List<RenderBoard> since(int from) {
        return List.copyOf(seen.subList(from, seen.size()));
    }

    synchronized int count() {
        return seen.size();
    }

    /** Every state a queue line whose label starts with {@code label} showed. */
    synchronized List<String> states(String label) {
        return seen.stream().flatMap(b -> b.queue().stream()).filter(l -> l.label().startsWith(label))
                .map(QueueLine::state).distinct().toList();
    }

    synchronized RenderBoard await(String what, long seconds, Predicate<RenderBoard> condition)
            throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000;
        while (!condition.test(latest)) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                fail("timed out after " + seconds + " s waiting for: " + what + "; the board says " + latest);
            }
            wait(left);
        }
        return latest;
    }
}
