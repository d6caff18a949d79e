package studio.magi.render;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import studio.magi.engine.Frames;
import studio.magi.engine.Latent;

/**
 * Keeps what a target renders for one run: each chunk goes into {@code renders/} under its key and into the frame
 * cache (or, written there by the target's own machine, is picked up from {@code renders/}), and is counted, before
 * the coordinator hears that it landed. Called on the target's threads.
 */
final class ChunkKeeper implements RenderTarget.Listener {
    /** What the coordinator hears of the run (the service posts it to its own thread). */
    interface Events {
        void waiting(String state);

        void stepped(int chunk, int done, int steps);

        void landed(int chunk);

        /** The run stopped; {@code failure} is null when it finished or was cancelled. */
        void ended(String failure);
    }

    private final ChunkRun run;
    private final RenderStore renders;
    private final FrameCache frames;
    private final AtomicLong rendered;
    private final Events events;

    ChunkKeeper(ChunkRun run, RenderStore renders, FrameCache frames, AtomicLong rendered, Events events) {
        this.run = run;
        this.renders = renders;
        this.frames = frames;
        this.rendered = rendered;
        this.events = events;
    }

    @Override
    public void waiting(String state) {
        events.waiting(state);
    }

    @Override
    public void step(int chunk, int done, int steps) {
        events.stepped(chunk, done, steps);
    }

    @Override
    public void rendered(int chunk, Frames f, Latent latent) {
        ChunkRun.PlannedChunk c = run.chunks().get(chunk);
        try {
            renders.write(new StoredChunk(c.key(), c.chunk(), run.shot(), c.index(), c.prompt(), c.seed(), f, latent));
        } catch (IOException e) {
            throw new RenderFailure(e.getMessage());
        }
        frames.put(c.key(), f);
        rendered.incrementAndGet();
        events.landed(chunk);
    }

    @Override
    public void stored(int chunk) {
        String key = run.chunks().get(chunk).key();
        if (!renders.pickUp(key)) {
            throw new RenderFailure("chunk " + (run.chunks().get(chunk).index() + 1) + " is not in " + renders.dir()
                    + " where it was rendered to");
        }
        rendered.incrementAndGet();
        events.landed(chunk);
    }

    @Override
    public void ended() {
        events.ended(null);
    }

    @Override
    public void failed(String reason) {
        events.ended(reason);
    }
}
