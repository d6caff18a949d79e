package studio.magi.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * One progress bar per chunk, for the chunk that will be finished next. With a window of several chunks the later
 * ones have already done some steps when their bar appears.
 */
final class ChunkProgress {
    private final PrintWriter out;
    private final int chunks;
    private final int steps;
    private final Map<Integer, Integer> done = new TreeMap<>();
    private int current;
    private ProgressBar bar;
    private int shown;

    ChunkProgress(PrintWriter out, int chunks, int steps) {
        this.out = out;
        this.chunks = chunks;
        this.steps = steps;
    }

    void step(int chunk, int stepsDone) {
        done.put(chunk, stepsDone);
        if (chunk == current) {
            show();
        }
    }

    /** Chunk {@code chunk} is finished; the line says what became of it. */
    void finished(int chunk, String what) {
        done.put(chunk, steps);
        show();
        bar.finish();
        out.println("  " + what);
        out.flush();
        bar = null;
        current = chunk + 1;
        if (current < chunks && done.containsKey(current)) {
            show();
        }
    }

    private void show() {
        if (bar == null) {
            bar = new ProgressBar(out, "chunk " + (current + 1) + "/" + chunks, steps, "steps");
            shown = 0;
        }
        int target = done.getOrDefault(current, 0);
        while (shown < target) {
            bar.step();
            shown++;
        }
    }
}
