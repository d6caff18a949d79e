package studio.magi.render;

import java.util.List;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.Frames;
import studio.magi.engine.Latent;
import studio.magi.engine.SelfCheck;

/**
 * Where the render service sends its planned {@link ChunkRun}s: this machine's devices ({@link LocalDevices}), or a
 * cluster ({@code render.farm}). The service plans on its own thread and starts no more runs than {@link #capacity()};
 * a target renders each run's chunks in order and reports through the run's {@link Listener}, on any thread. The
 * service keeps what it is handed; a target writes into {@code renders/} only where its machines share the project's
 * folder and write each chunk there under its key themselves ({@link Listener#stored}).
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
     * Whether a run may start before the chunks it continues ({@link ChunkRun#continues()}) are in {@code renders/},
     * as long as runs started before it render them: the target then holds it until those have ended well (a
     * cluster's job dependencies). Otherwise the service starts a run only once they are there.
     */
    default boolean ordersRuns() {
        return false;
    }

    /**
     * Starts rendering the run and returns at once. {@code renders} holds the run's {@link ChunkRun#continues()}
     * (unless {@link #ordersRuns()}). The listener hears every chunk as it lands, then exactly one of
     * {@link Listener#ended()} or {@link Listener#failed(String)}.
     */
    Running start(ChunkRun run, RenderStore renders, Listener listener);

    /**
     * Starts runs planned together, in order, as {@link #start} does each: a cluster submits the takes of one chunk as
     * one job array.
     */
    default List<Running> start(List<Launch> launches, RenderStore renders) {
        return launches.stream().map(l -> start(l.run(), renders, l.listener())).toList();
    }

    /**
     * The runs this target still has on their way into these renders, started before the project was last closed (a
     * cluster's jobs go on without the studio). The service follows each again by {@link #start}ing it, which then
     * picks up the run in flight rather than rendering it anew.
     */
    default List<ChunkRun> inFlight(RenderStore renders) {
        return List.of();
    }

    /** Takes no more runs; the runs in flight are left ({@link Running#leave()}) by the service before. */
    @Override
    void close();

    /** A run and who hears it. */
    record Launch(ChunkRun run, Listener listener) {
    }

    /** A run on its way. */
    interface Running {
        /** Asks the run to stop; chunks already rendered are still handed over, then {@link Listener#ended()}. */
        void cancel();

        /**
         * The studio stops following the run (its project closed): this machine's runs stop as on {@link #cancel};
         * a cluster's job goes on, and is followed again through {@link #inFlight} when the project is opened.
         */
        default void leave() {
            cancel();
        }
    }

    /** Hears one run; {@code chunk} counts the run's chunks from 0 ({@link ChunkRun#chunks()}). */
    interface Listener {
        /** Where the run stands while it has no step to show, in a few words ("pending on cluster gpu: Priority"). */
        void waiting(String state);

        /** The chunk has done {@code done} of its {@code steps} steps. */
        void step(int chunk, int done, int steps);

        /**
         * The chunk is rendered: its frames and clean latent (the history later chunks continue). Throws when the
         * service cannot keep it (a full disk): the target then fails the run with that exception's message.
         */
        void rendered(int chunk, Frames frames, Latent latent);

        /**
         * The chunk is rendered and already in {@code renders/} under its key: the target's machine wrote it there
         * (atomically, as {@link RenderStore#write} does). Throws when it is not there or cannot be read.
         */
        void stored(int chunk);

        /** The run stopped: every chunk rendered, or cancelled. */
        void ended();

        /** The run cannot go on; {@code reason} says why in one line, for the render queue. */
        void failed(String reason);
    }
}
