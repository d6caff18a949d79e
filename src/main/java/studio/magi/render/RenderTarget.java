package studio.magi.render;

import java.util.List;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.Frames;
import studio.magi.engine.Latent;
import studio.magi.engine.SelfCheck;

/**
 * Where the render service sends its planned {@link ChunkRun}s: this machine's devices ({@link LocalDevices}), or a
 * cluster. The service plans on its own thread and starts no more runs than {@link #capacity()}; a target renders each
 * run's chunks in order and reports through the run's {@link Listener}, on any thread. The service keeps what it is
 * handed: a target writes nothing into {@code renders/} itself, it only reads the history chunks a run names there.
 */
public interface RenderTarget extends AutoCloseable {
    /** How many runs it renders at once: the service starts no more than this. */
    int capacity();

    /** The size of the chunks its model renders: a shot's video start is shown fitted to it. */
    ChunkShape chunkShape();

    /** The words of a prompt its model does not know (they are read as unknown). */
    List<String> unknownWords(String prompt);

    /** What the models this target renders with found when they checked their own arithmetic (none known: empty). */
    default List<SelfCheck> selfChecks() {
        return List.of();
    }

    /**
     * Starts rendering the run and returns at once. {@code renders} holds the run's {@link ChunkRun#history()}. The
     * listener hears every chunk as it lands, then exactly one of {@link Listener#ended()} or
     * {@link Listener#failed(String)}.
     */
    Running start(ChunkRun run, RenderStore renders, Listener listener);

    /** Takes no more runs and waits for those in flight to stop (cancelled by the service before). */
    @Override
    void close();

    /** A run on its way. */
    interface Running {
        /** Asks the run to stop; chunks already rendered are still handed over, then {@link Listener#ended()}. */
        void cancel();
    }

    /** Hears one run; {@code chunk} counts the run's chunks from 0 ({@link ChunkRun#chunks()}). */
    interface Listener {
        /** The chunk has done {@code done} of its {@code steps} steps. */
        void step(int chunk, int done, int steps);

        /**
         * The chunk is rendered: its frames and clean latent (the history later chunks continue). Throws when the
         * service cannot keep it (a full disk): the target then fails the run with that exception's message.
         */
        void rendered(int chunk, Frames frames, Latent latent);

        /** The run stopped: every chunk rendered, or cancelled. */
        void ended();

        /** The run cannot go on; {@code reason} says why in one line, for the render queue. */
        void failed(String reason);
    }
}
