package studio.magi.render;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import studio.magi.engine.ChunkListener;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.DevicePool;
import studio.magi.engine.Frames;
import studio.magi.engine.GeneratedChunk;
import studio.magi.engine.GenerationRequest;
import studio.magi.engine.Latent;
import studio.magi.engine.SelfCheck;
import studio.magi.engine.Start;
import studio.magi.project.ShotStart;

/**
 * This machine's devices as a render target: one worker per device of the pool, each rendering a run with the
 * engine's chunk pipeline on a free device. A run continues its shot's picture or video and the clean latents of the
 * chunks before it, read from {@code renders/}.
 */
public final class LocalDevices implements RenderTarget {
    private final DevicePool pool;
    private final ExecutorService workers;

    public LocalDevices(DevicePool pool) {
        this.pool = pool;
        this.workers = Executors.newFixedThreadPool(pool.devices().size(), DaemonThreads.named("render-worker"));
    }

    @Override
    public int capacity() {
        return pool.devices().size();
    }

    @Override
    public ChunkShape chunkShape() {
        return pool.chunkShape();
    }

    @Override
    public List<String> unknownWords(String prompt) {
        return pool.unknownWords(prompt);
    }

    @Override
    public List<SelfCheck> selfChecks() {
        return pool.selfChecks();
    }

    @Override
    public Running start(ChunkRun run, RenderStore renders, Listener listener) {
        AtomicBoolean cancelled = new AtomicBoolean();
        workers.execute(() -> render(run, renders, listener, cancelled));
        return () -> cancelled.set(true);
    }

    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void render(ChunkRun run, RenderStore renders, Listener listener, AtomicBoolean cancelled) {
        try {
            if (cancelled.get()) {
                throw new CancellationException();
            }
            pool.generate(request(run, renders), new ChunkListener() {
                @Override
                public void chunk(GeneratedChunk c) {
                    listener.rendered(c.index(), c.frames(), c.latent());
                }

                @Override
                public void step(int index, int done, int steps) {
                    listener.step(index, done, steps);
                }
            }, cancelled::get);
            listener.ended();
        } catch (CancellationException e) {
            listener.ended();
        } catch (RuntimeException e) {
            listener.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private GenerationRequest request(ChunkRun run, RenderStore renders) {
        List<String> prompts = run.chunks().stream().map(ChunkRun.PlannedChunk::prompt).toList();
        List<Long> seeds = run.chunks().stream().map(ChunkRun.PlannedChunk::seed).toList();
        return new GenerationRequest(prompts, seeds, ShotSampling.settings(run.settings(), pool.defaults()),
                start(run, renders), run.remaining());
    }

    /**
     * What the run continues: the shot's picture, video or source shot's frames at the start, else the clean latents
     * before it.
     */
    private Start start(ChunkRun run, RenderStore renders) {
        ChunkShape shape = pool.chunkShape();
        List<Latent> history = new ArrayList<>();
        if (run.start() == ShotStart.Kind.IMAGE && run.from() == 0) {
            return new Start.Image(ShotMedia.picture(run.startMedia(), shape.width(), shape.height()));
        }
        if (run.start() == ShotStart.Kind.VIDEO || run.start() == ShotStart.Kind.SHOT) {
            Frames prefix = run.start() == ShotStart.Kind.VIDEO
                    ? ShotMedia.prefix(run.startMedia(), shape.width(), shape.height(), shape.frames())
                    : sourceFrames(run, renders);
            if (run.from() == 0) {
                return new Start.Video(prefix);
            }
            history.addAll(pool.encodeChunks(prefix));
        }
        for (int i = 0; i < run.history().size(); i++) {
            history.add(stored(renders, run.history().get(i), "chunk " + (i + 1)).latent());
        }
        return history.isEmpty() ? new Start.Text() : new Start.History(history);
    }

    /** The frames of the shot the run's shot continues, in order: its prefix video. */
    private static Frames sourceFrames(ChunkRun run, RenderStore renders) {
        List<byte[]> pictures = new ArrayList<>();
        Frames f = null;
        for (int i = 0; i < run.source().size(); i++) {
            f = stored(renders, run.source().get(i), "chunk " + (i + 1) + " of the shot it continues").frames();
            for (int j = 0; j < f.count(); j++) {
                pictures.add(f.frame(j));
            }
        }
        return Frames.of(f.width(), f.height(), pictures);
    }

    private static StoredChunk stored(RenderStore renders, String key, String what) {
        return renders.read(key).orElseThrow(() -> new RenderFailure(
                "the render of " + what + " is missing or damaged; render the shot again"));
    }
}
