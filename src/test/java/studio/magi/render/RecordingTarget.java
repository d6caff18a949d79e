package studio.magi.render;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import studio.magi.engine.ChunkShape;

/**
 * A render target that renders nothing by itself: it records the runs it is given, in the order it is given them, and
 * the test plays the target's part through each run's listener.
 */
final class RecordingTarget implements RenderTarget {
    static final ChunkShape SHAPE = new ChunkShape(24, 16, 16, 4, 6, 2, 2);

    /** One run the service started. */
    record Started(ChunkRun run, RenderStore renders, Listener listener, AtomicBoolean cancelled) {
        /** Renders chunk {@code i} of the run with made-up frames. */
        void render(int i) {
            listener.rendered(i, SyntheticRenders.frames(SHAPE.width(), SHAPE.height(), 1, i),
                    SyntheticRenders.latent(i));
        }

        /** Renders every chunk, then ends. */
        void finish() {
            for (int i = 0; i < run.chunks().size(); i++) {
                render(i);
            }
            listener.ended();
        }
    }

    private final int capacity;
    private final List<Started> started = new ArrayList<>();
    private boolean closed;

    RecordingTarget(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public ChunkShape chunkShape() {
        return SHAPE;
    }

    @Override
    public List<String> unknownWords(String prompt) {
        return List.of();
    }

    @Override
    public synchronized Running start(ChunkRun run, RenderStore renders, Listener listener) {
        Started s = new Started(run, renders, listener, new AtomicBoolean());
        started.add(s);
        notifyAll();
        return () -> s.cancelled().set(true);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    synchronized boolean closed() {
        return closed;
    }

    /** The runs started so far, in order. */
    synchronized List<Started> started() {
        return List.copyOf(started);
    }

    /** Waits until the {@code n}th run (from 1) is started and returns it. */
    synchronized Started await(int n) throws InterruptedException {
        long end = System.currentTimeMillis() + 60_000;
        while (started.size() < n) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                fail("timed out waiting for run " + n + "; started " + started.size());
            }
            wait(left);
        }
        return started.get(n - 1);
    }
}
