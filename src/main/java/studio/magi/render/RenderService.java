package studio.magi.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import studio.magi.engine.DevicePool;
import studio.magi.engine.Frames;
import studio.magi.engine.SelfCheck;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.store.ProjectFileException;

/**
 * The background render service. It watches the project (each edit recomputes the chunks' content keys,
 * {@link FilmKeys}), plans what is asked ({@link RenderQueue}) and sends the planned runs to its
 * {@link RenderTarget}, resuming a shot from its first stale chunk with the cached chunks before it as clean history;
 * it keeps every finished chunk in the project's {@code renders/} by key and publishes a {@link RenderBoard} after
 * every change. Its state lives on one coordinator thread: every call returns at once.
 * (A little over 300 lines: each public call is a short hop onto that thread, and splitting them further would
 * spread the one thread's state over several classes.)
 */
public final class RenderService implements AutoCloseable {
    /** Hears the service; called on the service's own threads. */
    public interface Listener {
        void changed(RenderBoard board);

        /**
         * Frames asked for through {@link #frames} or {@link #startFrames} were read into memory: ask again. (No board
         * tells it: the board is the same before and after.)
         */
        default void framesLoaded() {
        }
    }

    /** Edits arriving within this time are planned once (typing a prompt is many edits). */
    static final long PLAN_DELAY_MS = 250;

    private final RenderTarget target;
    private final RenderModel model;
    private final Listener listener;
    private final ScheduledExecutorService coordinator =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("render-coordinator"));
    private final FrameCache frames;
    private final AtomicLong renderedChunks = new AtomicLong();

    // Coordinator state: touched only on the coordinator thread.
    private final MediaDigests digests = new MediaDigests();
    private final ChunkStatuses statuses = new ChunkStatuses();
    private final RenderQueue queue = new RenderQueue(statuses);
    private FilmKeys keys;
    private Path dir;
    private RenderStore store;
    private String problem = "";
    private ScheduledFuture<?> pendingPlan;

    /** Renders on this machine's devices, one run per device. */
    public RenderService(DevicePool pool, RenderModel model, Listener listener) {
        this(new LocalDevices(pool), model, listener);
    }

    /** Renders on {@code target}, which the service closes with itself. */
    public RenderService(RenderTarget target, RenderModel model, Listener listener) {
        this.target = target;
        this.model = model;
        this.listener = listener;
        this.frames = new FrameCache(target.chunkShape(), listener::framesLoaded);
    }

    public RenderModel model() {
        return model;
    }

    /**
     * The content key a take of chunk {@code index} of the shot with this seed renders under, continuing the chunk's
     * upstream as {@code board} shows it; empty while that is not known.
     */
    public Optional<String> takeKey(RenderBoard board, Shot shot, int index, long seed) {
        return board.upstream(shot.chunks().get(index).id()).map(up -> ChunkKeys.key(shot, index, seed, up, model));
    }

    /** What each device's model found when it checked its own arithmetic at load. */
    public List<SelfCheck> selfChecks() {
        return target.selfChecks();
    }

    /** The words of a prompt the model does not know. */
    public List<String> unknownWords(String prompt) {
        return target.unknownWords(prompt);
    }

    /** How many chunks the target has rendered since the service started (each take counts). */
    public long renderedChunks() {
        return renderedChunks.get();
    }

    /** The project as it is now, in its folder: keys are recomputed, renders that no longer fit are dropped. */
    public void show(Project p, Path projectDir) {
        Objects.requireNonNull(p);
        Objects.requireNonNull(projectDir);
        coordinator.execute(() -> {
            if (!projectDir.equals(dir)) {
                openFolder(projectDir);
            }
            keys = FilmKeys.of(p, dir, model, digests);
            frames.knowVideos(keys.videoStarts());
            queue.projectChanged(p, keys.all());
            schedulePlan();
            publish();
        });
    }

    /** Renders every chunk of every shot that is not rendered for what it says now. */
    public void renderAll() {
        coordinator.execute(() -> {
            if (keys != null) {
                statuses.clearFailedLines();
                keys.project().shots().forEach(s -> queue.want(keys.project(), s.id()));
                replan();
            }
        });
    }

    /** Renders the shot's stale chunks. */
    public void renderShot(UUID shot) {
        coordinator.execute(() -> {
            if (keys != null) {
                queue.want(keys.project(), shot);
            }
            replan();
        });
    }

    /** Renders the chunk's takes that are not rendered yet. */
    public void renderTakes(UUID chunk) {
        coordinator.execute(() -> {
            queue.wantTakes(chunk);
            plan();
            publish();
        });
    }

    /** The shot holding this chunk renders first. */
    public void prioritize(UUID chunk) {
        coordinator.execute(() -> {
            queue.focus(chunk);
            plan();
        });
    }

    public void cancelAll() {
        coordinator.execute(() -> {
            queue.cancelAll();
            saveQueue();
            publish();
        });
    }

    public void cancelShot(UUID shot) {
        coordinator.execute(() -> {
            queue.cancelShot(shot);
            saveQueue();
            publish();
        });
    }

    public void cancelJob(long id) {
        coordinator.execute(() -> {
            queue.cancelJob(id);
            saveQueue();
            publish();
        });
    }

    /**
     * A rendered chunk's frames when they are in memory. When they are only on disk they are read in the background
     * and the listener hears {@link Listener#framesLoaded()} once they are here.
     */
    public Optional<Frames> frames(String key) {
        return frames.chunk(key);
    }

    /**
     * The frames a shot's video start shows (its last whole seconds, at the model's size), by the start's key (the
     * upstream key of the shot's first chunk); read in the background like {@link #frames}.
     */
    public Optional<Frames> startFrames(String startKey) {
        return frames.start(startKey);
    }

    /**
     * Leaves the work in flight (this machine's stops; a cluster's goes on, followed again when the project is next
     * opened) and waits for the service to stop (tests, and the studio's exit).
     */
    @Override
    public void close() {
        coordinator.execute(queue::leave);
        coordinator.shutdown();
        try {
            coordinator.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        frames.close();
        target.close();
    }

    // ---- coordinator

    private void openFolder(Path projectDir) {
        queue.leave();
        statuses.clearFailures();
        dir = projectDir;
        problem = "";
        try {
            store = RenderStore.open(projectDir);
            store.removeLeftovers();
            queue.resume(RenderQueueFile.read(store.dir()));
            // Followed at once: an edit that makes one of them stale then cancels it on its target.
            launch(queue.adopt(target.inFlight(store)), store);
        } catch (IOException | ProjectFileException e) {
            store = null;
            problem = e instanceof IOException ? "Cannot read the renders of " + projectDir + ": " + e.getMessage()
                    : e.getMessage();
        }
        frames.readFrom(store);
    }

    private void schedulePlan() {
        if (pendingPlan != null) {
            pendingPlan.cancel(false);
        }
        if (queue.wantsAny()) {
            pendingPlan = coordinator.schedule(() -> {
                plan();
                publish();
            }, PLAN_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Queues what is wanted and not queued yet, then starts jobs while the target has room. */
    private void plan() {
        if (keys == null || store == null) {
            return;
        }
        queue.plan(keys, store);
        saveQueue();
        launch(queue.toStart(keys.project(), target.capacity(), store, target.ordersRuns()), store);
    }

    /** Starts the jobs on the target, together (a cluster may submit some as one). */
    private void launch(List<RenderJob> jobs, RenderStore renders) {
        if (jobs.isEmpty()) {
            return;
        }
        List<RenderTarget.Running> running = target.start(jobs.stream()
                .map(j -> new RenderTarget.Launch(j.run(), keeper(j, renders))).toList(), renders);
        for (int i = 0; i < jobs.size(); i++) {
            jobs.get(i).started(running.get(i));
        }
    }

    private ChunkKeeper keeper(RenderJob j, RenderStore renders) {
        return new ChunkKeeper(j.run(), renders, frames, renderedChunks, new ChunkKeeper.Events() {
            @Override
            public void waiting(String state) {
                post(() -> {
                    j.waiting(state);
                    publish();
                });
            }

            @Override
            public void stepped(int chunk, int done, int steps) {
                post(() -> RenderService.this.stepped(j, chunk, done, steps));
            }

            @Override
            public void landed(int chunk) {
                post(() -> RenderService.this.landed(j, chunk));
            }

            @Override
            public void ended(String failure) {
                post(() -> RenderService.this.ended(j, failure));
            }
        });
    }

    private void stepped(RenderJob j, int chunk, int done, int steps) {
        if (queue.stepped(j, chunk, done, steps)) {
            publish();
        }
    }

    private void landed(RenderJob j, int chunk) {
        queue.landed(j, chunk);
        if (queue.forgetIfRendered(j.shot(), keys, store)) {
            saveQueue();
        }
        publish();
    }

    private void ended(RenderJob j, String failure) {
        queue.ended(keys.project(), j, failure);
        queue.forgetIfRendered(j.shot(), keys, store);
        replan();
    }

    /** What is wanted changed: the queue is saved, planned and shown. */
    private void replan() {
        saveQueue();
        plan();
        publish();
    }

    private void saveQueue() {
        RenderQueueFile.save(store, queue.wantedShots()).ifPresent(p -> problem = p);
    }

    private void publish() {
        listener.changed(BoardSnapshot.of(keys, store, statuses, queue.jobs(), problem));
    }

    private void post(Runnable r) {
        try {
            coordinator.execute(r);
        } catch (RejectedExecutionException closed) {
            // The service is closing: nobody is listening any more.
        }
    }
}
