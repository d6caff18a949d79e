package studio.magi.render;

import java.util.List;
import java.util.UUID;

/**
 * A planned {@link ChunkRun} as the render queue follows it: queued, running on the target, cancelled, and how far it
 * got. Coordinator thread only.
 */
final class RenderJob {
    private final ChunkRun run;
    private RenderTarget.Running running;
    private boolean cancelled;
    private int finished;
    private int current;
    private int step;
    private int steps;
    private String waiting = "starting";

    RenderJob(ChunkRun run) {
        this.run = run;
    }

    ChunkRun run() {
        return run;
    }

    long id() {
        return run.id();
    }

    UUID shot() {
        return run.shot();
    }

    List<String> keys() {
        return run.keys();
    }

    /** One take of one chunk, rather than a shot from a chunk on. */
    boolean take() {
        return run.take();
    }

    boolean running() {
        return running != null;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** How many of the run's chunks have landed (they land in order). */
    int finished() {
        return finished;
    }

    void started(RenderTarget.Running on) {
        running = on;
    }

    /** Stops the job; one already on the target stops there too. */
    void cancel() {
        cancelled = true;
        if (running != null) {
            running.cancel();
        }
    }

    /** What the target says of the run before its first step. */
    void waiting(String state) {
        waiting = state;
    }

    /** The studio stops following the job (see {@link RenderTarget.Running#leave()}). */
    void leave() {
        cancelled = true;
        if (running != null) {
            running.leave();
        }
    }

    void stepped(int chunk, int done, int of) {
        current = chunk;
        step = done;
        steps = of;
    }

    void landed(int chunk) {
        finished = Math.max(finished, chunk + 1);
    }

    /** The job as the render queue lists it. */
    QueueLine line(String label) {
        double progress = steps == 0 ? 0 : (finished + (double) step / steps) / run.chunks().size();
        // A cancelled job stays listed until the target has stopped it: a chunk it was writing may still land.
        String state = cancelled ? "cancelling" : !running() ? "queued" : steps == 0 ? waiting
                : "chunk " + (run.from() + current + 1) + ", step " + step + " of " + steps;
        return new QueueLine(run.id(), label, state, progress);
    }
}
