package studio.magi.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import studio.magi.engine.ChunkListener;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.DevicePool;
import studio.magi.engine.Frames;
import studio.magi.engine.GeneratedChunk;
import studio.magi.engine.GenerationRequest;
import studio.magi.engine.Latent;
import studio.magi.engine.SelfCheck;
import studio.magi.engine.Start;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.project.Take;
import studio.magi.project.store.ProjectFileException;
import studio.magi.project.store.ProjectFolder;

/**
 * The background render service. It watches the project (each edit recomputes the chunks' content keys), renders
 * what is asked on one worker per device, resuming a shot from its first stale chunk with the cached chunks before it
 * as clean history, keeps every finished chunk in the project's {@code renders/} by key, and publishes a
 * {@link RenderBoard} after every change. Nothing here runs on the caller's thread: every call returns at once.
 */
public final class RenderService implements AutoCloseable {
    /** Hears the service; called on the service's own thread. */
    public interface Listener {
        void changed(RenderBoard board);
    }

    /** Edits arriving within this time are planned once (typing a prompt is many edits). */
    static final long PLAN_DELAY_MS = 250;
    private static final int FAILED_LINES = 8;
    private static final int FRAMES_KEPT = 2048;

    private final DevicePool pool;
    private final RenderModel model;
    private final Listener listener;
    private final ChunkShape shape;
    private final ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "render-coordinator"));
    private final ExecutorService workers;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> daemon(r, "render-loader"));
    private final Map<String, Frames> frames = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Frames> eldest) {
            return size() > FRAMES_KEPT;
        }
    });
    private final Set<String> loading = Collections.synchronizedSet(new HashSet<>());
    /** The video each video-start shot continues, by its start key: what {@link #startFrames} reads. */
    private final Map<String, Path> startVideos = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong renderedChunks = new AtomicLong();

    // Coordinator state: touched only on the coordinator thread.
    private Project project;
    private Path dir;
    private RenderStore store;
    private String problem = "";
    private final Map<UUID, List<String>> shotKeys = new HashMap<>();
    private final Map<UUID, String> startKeys = new HashMap<>();
    private final Map<UUID, String> startProblems = new HashMap<>();
    private final Map<String, String> digests = new HashMap<>();
    private final Set<UUID> wanted = new LinkedHashSet<>();
    private final Set<UUID> wantedTakes = new LinkedHashSet<>();
    private final List<Job> jobs = new ArrayList<>();
    private final Map<String, ChunkStatus> live = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private final List<QueueLine> failedLines = new ArrayList<>();
    private UUID focus;
    private long nextJob = 1;
    private ScheduledFuture<?> pendingPlan;

    public RenderService(DevicePool pool, RenderModel model, Listener listener) {
        this.pool = pool;
        this.model = model;
        this.listener = listener;
        this.shape = pool.chunkShape();
        int n = pool.devices().size();
        this.workers = Executors.newFixedThreadPool(n, r -> daemon(r, "render-worker"));
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
        return pool.selfChecks();
    }

    /** The words of a prompt the model does not know. */
    public List<String> unknownWords(String prompt) {
        return pool.unknownWords(prompt);
    }

    /** How many chunks the engine has finished since the service started (each take counts). */
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
            project = p;
            refresh();
            dropObsoleteJobs();
            schedulePlan();
            publish();
        });
    }

    /** Renders every chunk of every shot that is not rendered for what it says now. */
    public void renderAll() {
        coordinator.execute(() -> {
            if (project == null) {
                return;
            }
            failedLines.clear();
            project.shots().forEach(s -> want(s.id()));
            saveQueue();
            plan();
            publish();
        });
    }

    /** Renders the shot's stale chunks. */
    public void renderShot(UUID shot) {
        coordinator.execute(() -> {
            want(shot);
            saveQueue();
            plan();
            publish();
        });
    }

    /** Renders the chunk's takes that are not rendered yet. */
    public void renderTakes(UUID chunk) {
        coordinator.execute(() -> {
            wantedTakes.add(chunk);
            plan();
            publish();
        });
    }

    /** The shot holding this chunk renders first. */
    public void prioritize(UUID chunk) {
        coordinator.execute(() -> {
            focus = chunk;
            plan();
        });
    }

    public void cancelAll() {
        coordinator.execute(() -> {
            wanted.clear();
            wantedTakes.clear();
            for (Job j : List.copyOf(jobs)) {
                cancel(j);
            }
            saveQueue();
            publish();
        });
    }

    public void cancelShot(UUID shot) {
        coordinator.execute(() -> {
            wanted.remove(shot);
            for (Job j : List.copyOf(jobs)) {
                if (j.shot.equals(shot)) {
                    cancel(j);
                }
            }
            saveQueue();
            publish();
        });
    }

    public void cancelJob(long id) {
        coordinator.execute(() -> {
            for (Job j : List.copyOf(jobs)) {
                if (j.id == id) {
                    if (j.take) {
                        wantedTakes.remove(j.chunks.get(0));
                    } else {
                        wanted.remove(j.shot);
                        saveQueue();
                    }
                    cancel(j);
                }
            }
            publish();
        });
    }

    /**
     * A rendered chunk's frames when they are in memory. When they are only on disk they are read in the background
     * and a new board is published once they are here.
     */
    public Optional<Frames> frames(String key) {
        Frames f = frames.get(key);
        if (f != null) {
            return Optional.of(f);
        }
        RenderStore s = store;
        if (s != null && s.has(key) && loading.add(key)) {
            loader.execute(() -> {
                try {
                    s.read(key).ifPresent(c -> frames.put(key, c.frames()));
                } finally {
                    loading.remove(key);
                }
                coordinator.execute(this::publish);
            });
        }
        return Optional.empty();
    }

    /**
     * The frames a shot's video start shows (its last whole seconds, at the model's size), by the start's key (the
     * upstream key of the shot's first chunk); read in the background like {@link #frames}.
     */
    public Optional<Frames> startFrames(String startKey) {
        Frames f = frames.get(startKey);
        if (f != null) {
            return Optional.of(f);
        }
        Path video = startVideos.get(startKey);
        if (video != null && loading.add(startKey)) {
            loader.execute(() -> {
                try {
                    frames.put(startKey, ShotMedia.prefix(video, shape.width(), shape.height(), shape.frames()));
                } catch (RuntimeException e) {
                    // Shown as a start without frames; rendering the shot reports why.
                } finally {
                    loading.remove(startKey);
                }
                coordinator.execute(this::publish);
            });
        }
        return Optional.empty();
    }

    /** Waits for work in flight to stop (tests, and the studio's exit). */
    @Override
    public void close() {
        coordinator.execute(() -> jobs.forEach(j -> j.cancelled = true));
        coordinator.shutdown();
        try {
            coordinator.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdown();
        loader.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- coordinator

    private void openFolder(Path projectDir) {
        for (Job j : List.copyOf(jobs)) {
            cancel(j);
        }
        dir = projectDir;
        wanted.clear();
        wantedTakes.clear();
        failures.clear();
        failedLines.clear();
        problem = "";
        try {
            store = RenderStore.open(projectDir);
            store.removeLeftovers();
            wanted.addAll(RenderQueueFile.read(store.dir()));
        } catch (IOException e) {
            store = null;
            problem = "Cannot read the renders of " + projectDir + ": " + e.getMessage();
        } catch (ProjectFileException e) {
            store = null;
            problem = e.getMessage();
        }
    }

    private void want(UUID shot) {
        if (project != null && project.shotIndex(shot) >= 0) {
            wanted.add(shot);
        }
    }

    /** Recomputes every chunk's key. */
    private void refresh() {
        shotKeys.clear();
        startKeys.clear();
        startProblems.clear();
        for (Shot s : project.shots()) {
            String digest = null;
            Path media = null;
            if (s.start().hasMedia()) {
                try {
                    media = ProjectFolder.at(dir).resolveMedia(s.start().media());
                    digest = mediaDigest(media);
                } catch (ProjectFileException | IOException e) {
                    startProblems.put(s.id(), "the shot's " + (s.start().kind() == ShotStart.Kind.IMAGE ? "picture"
                            : "video") + " " + s.start().media() + " cannot be read: " + e.getMessage());
                    continue;
                }
            }
            String start = ChunkKeys.startKey(s, digest);
            startKeys.put(s.id(), start);
            if (s.start().kind() == ShotStart.Kind.VIDEO) {
                startVideos.put(start, media);
            }
            shotKeys.put(s.id(), ChunkKeys.of(s, start, model));
        }
        wanted.removeIf(id -> project.shotIndex(id) < 0);
    }

    private String mediaDigest(Path file) throws IOException {
        String stamp = file + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        String d = digests.get(stamp);
        if (d == null) {
            d = ShotMedia.digest(file);
            digests.put(stamp, d);
        }
        return d;
    }

    /** The keys the project can use now: every chunk's and every take's. */
    private Set<String> currentKeys() {
        Set<String> keys = new HashSet<>();
        for (Shot s : project.shots()) {
            List<String> k = shotKeys.get(s.id());
            if (k == null) {
                continue;
            }
            keys.addAll(k);
            for (int i = 0; i < s.chunks().size(); i++) {
                String up = i == 0 ? startKeys.get(s.id()) : k.get(i - 1);
                for (Take t : s.chunks().get(i).takes()) {
                    keys.add(ChunkKeys.key(s, i, t.seed(), up, model));
                }
            }
        }
        return keys;
    }

    private void dropObsoleteJobs() {
        Set<String> keys = currentKeys();
        for (Job j : List.copyOf(jobs)) {
            boolean obsolete = j.keys.subList(j.finished, j.keys.size()).stream().anyMatch(k -> !keys.contains(k));
            if (obsolete) {
                cancel(j);
            }
        }
    }

    private void schedulePlan() {
        if (pendingPlan != null) {
            pendingPlan.cancel(false);
        }
        if (!wanted.isEmpty() || !wantedTakes.isEmpty()) {
            pendingPlan = coordinator.schedule(() -> {
                plan();
                publish();
            }, PLAN_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Queues what is wanted and not queued yet, then starts jobs on free devices. */
    private void plan() {
        if (project == null || store == null) {
            return;
        }
        for (UUID id : orderedShots()) {
            if (!wanted.contains(id) || jobs.stream().anyMatch(j -> !j.take && j.shot.equals(id))) {
                continue;
            }
            Shot s = project.shots().get(project.shotIndex(id));
            String trouble = startProblems.get(id);
            List<String> keys = shotKeys.get(id);
            if (trouble != null || keys == null) {
                failShot(s, trouble);
                wanted.remove(id);
                continue;
            }
            int first = 0;
            while (first < keys.size() && store.has(keys.get(first))) {
                first++;
            }
            if (first == keys.size()) {
                wanted.remove(id);
                continue;
            }
            List<UUID> chunks = s.chunks().subList(first, s.chunks().size()).stream().map(Chunk::id).toList();
            addJob(new Job(nextJob++, s, first, keys.subList(first, keys.size()), chunks, false, keys.subList(0, first)));
        }
        for (UUID chunkId : List.copyOf(wantedTakes)) {
            planTakes(chunkId);
        }
        saveQueue();
        dispatch();
    }

    private void planTakes(UUID chunkId) {
        wantedTakes.remove(chunkId);
        project.locate(chunkId).ifPresent(at -> {
            Shot s = project.shots().get(at.shot());
            List<String> keys = shotKeys.get(s.id());
            if (keys == null) {
                failShot(s, startProblems.get(s.id()));
                return;
            }
            int i = at.chunk();
            List<String> before = keys.subList(0, i);
            if (before.stream().anyMatch(k -> !store.has(k))) {
                // Takes continue the chunks before them: render those first, then the takes.
                want(s.id());
                wantedTakes.add(chunkId);
                return;
            }
            String up = i == 0 ? startKeys.get(s.id()) : keys.get(i - 1);
            for (Take t : s.chunks().get(i).takes()) {
                String key = ChunkKeys.key(s, i, t.seed(), up, model);
                boolean queued = jobs.stream().anyMatch(j -> j.keys.contains(key));
                if (!store.has(key) && !queued) {
                    Job j = new Job(nextJob++, s, i, List.of(key), List.of(chunkId), true, before);
                    j.seed = t.seed();
                    addJob(j);
                }
            }
        });
    }

    private List<UUID> orderedShots() {
        List<UUID> ids = new ArrayList<>(project.shots().stream().map(Shot::id).toList());
        if (focus != null) {
            project.locate(focus).ifPresent(at -> {
                UUID first = project.shots().get(at.shot()).id();
                ids.remove(first);
                ids.add(0, first);
            });
        }
        return ids;
    }

    private void addJob(Job j) {
        jobs.add(j);
        j.keys.forEach(k -> {
            live.put(k, ChunkStatus.QUEUED);
            failures.remove(k);
        });
    }

    private void dispatch() {
        long running = jobs.stream().filter(j -> j.running).count();
        List<Job> queued = new ArrayList<>(jobs.stream().filter(j -> !j.running && !j.cancelled).toList());
        List<UUID> order = project == null ? List.of() : orderedShots();
        queued.sort((a, b) -> Integer.compare(order.indexOf(a.shot), order.indexOf(b.shot)));
        for (Job j : queued) {
            if (running >= pool.devices().size()) {
                break;
            }
            j.running = true;
            running++;
            RenderStore target = store;
            Path folder = dir;
            workers.execute(() -> run(j, target, folder));
        }
    }

    private void cancel(Job j) {
        j.cancelled = true;
        if (!j.running) {
            jobs.remove(j);
        }
        j.keys.forEach(live::remove);
    }

    private void failShot(Shot s, String message) {
        String m = message == null ? "its start cannot be read" : message;
        List<String> keys = shotKeys.get(s.id());
        if (keys != null) {
            keys.forEach(k -> failures.put(k, m));
        }
        addFailedLine(new QueueLine(0, label(s.id(), 0, s.chunks().size(), false), "failed: " + m, 0));
    }

    private void addFailedLine(QueueLine line) {
        failedLines.add(0, line);
        while (failedLines.size() > FAILED_LINES) {
            failedLines.remove(failedLines.size() - 1);
        }
    }

    private void stepped(Job j, int index, int done, int steps) {
        if (j.cancelled) {
            return;
        }
        j.step = done;
        j.steps = steps;
        j.current = index;
        live.put(j.keys.get(index), ChunkStatus.rendering(done, steps));
        publish();
    }

    private void arrived(Job j, int index) {
        j.finished = Math.max(j.finished, index + 1);
        live.remove(j.keys.get(index));
        forgetIfFinished(j.shot);
        publish();
    }

    /** A shot whose chunks are all rendered leaves the persisted queue. */
    private void forgetIfFinished(UUID shot) {
        List<String> keys = shotKeys.get(shot);
        if (keys != null && wanted.contains(shot) && keys.stream().allMatch(store::has)) {
            wanted.remove(shot);
            saveQueue();
        }
    }

    private void ended(Job j, Exception failure) {
        jobs.remove(j);
        for (int i = j.finished; i < j.keys.size(); i++) {
            live.remove(j.keys.get(i));
        }
        if (failure != null && !j.cancelled) {
            String m = failure.getMessage() == null ? failure.toString() : failure.getMessage();
            for (int i = j.finished; i < j.keys.size(); i++) {
                failures.put(j.keys.get(i), m);
            }
            addFailedLine(new QueueLine(j.id, label(j), "failed: " + m, 0));
            if (!j.take) {
                wanted.remove(j.shot);
            }
        }
        forgetIfFinished(j.shot);
        saveQueue();
        plan();
        publish();
    }

    private void saveQueue() {
        if (store == null) {
            return;
        }
        try {
            RenderQueueFile.write(store.dir(), List.copyOf(wanted));
        } catch (IOException e) {
            problem = "Cannot write the render queue into " + store.dir() + ": " + e.getMessage();
        }
    }

    private void publish() {
        Map<UUID, String> keys = new HashMap<>();
        Map<UUID, String> upstream = new HashMap<>();
        Map<UUID, ChunkStatus> chunks = new HashMap<>();
        Map<String, ChunkStatus> takes = new HashMap<>();
        if (project != null) {
            for (Shot s : project.shots()) {
                List<String> k = shotKeys.get(s.id());
                for (int i = 0; i < s.chunks().size(); i++) {
                    Chunk c = s.chunks().get(i);
                    if (k == null) {
                        chunks.put(c.id(), ChunkStatus.failed(startProblems.getOrDefault(s.id(), "")));
                        continue;
                    }
                    keys.put(c.id(), k.get(i));
                    chunks.put(c.id(), statusOf(k.get(i), c.id()));
                    String up = i == 0 ? startKeys.get(s.id()) : k.get(i - 1);
                    upstream.put(c.id(), up);
                    for (Take t : c.takes()) {
                        String tk = ChunkKeys.key(s, i, t.seed(), up, model);
                        takes.put(tk, statusOf(tk, null));
                    }
                }
            }
        }
        List<QueueLine> lines = new ArrayList<>();
        for (Job j : jobs) {
            if (j.cancelled && !j.running) {
                continue;
            }
            double progress = j.steps == 0 ? 0 : (j.finished + (double) j.step / j.steps) / j.keys.size();
            // A cancelled job stays listed until its worker has stopped: a chunk it was writing may still land.
            String state = j.cancelled ? "cancelling" : !j.running ? "queued" : j.steps == 0 ? "starting"
                    : "chunk " + (j.from + j.current + 1) + ", step " + j.step + " of " + j.steps;
            lines.add(new QueueLine(j.id, label(j), state, progress));
        }
        lines.addAll(failedLines);
        listener.changed(new RenderBoard(keys, upstream, chunks, takes, lines, store != null, problem));
    }

    private ChunkStatus statusOf(String key, UUID chunk) {
        if (store != null && store.has(key)) {
            return ChunkStatus.DONE;
        }
        ChunkStatus l = live.get(key);
        if (l != null) {
            return l;
        }
        String f = failures.get(key);
        if (f != null) {
            return ChunkStatus.failed(f);
        }
        return chunk != null && store != null && store.hasAnyFor(chunk) ? ChunkStatus.STALE : ChunkStatus.NOT_RENDERED;
    }

    private String label(Job j) {
        if (j.take) {
            return label(j.shot, j.from, j.from + 1, false) + " \u00b7 take, seed " + j.seed;
        }
        return label(j.shot, j.from, j.from + j.keys.size(), true);
    }

    private String label(UUID shot, int from, int to, boolean range) {
        int s = project == null ? -1 : project.shotIndex(shot);
        String name = s < 0 ? "A removed shot" : "Shot " + (s + 1);
        if (!range || to - from == 1) {
            return name + " \u00b7 chunk " + (from + 1);
        }
        return name + " \u00b7 chunks " + (from + 1) + "\u2013" + to;
    }

    private void post(Runnable r) {
        try {
            coordinator.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // The service is closing: nobody is listening any more.
        }
    }

    // ---- workers

    private void run(Job j, RenderStore target, Path folder) {
        try {
            if (j.cancelled) {
                throw new CancellationException();
            }
            GenerationRequest request = request(j, target, folder);
            pool.generate(request, new ChunkListener() {
                @Override
                public void chunk(GeneratedChunk c) {
                    Shot s = j.snapshot;
                    int index = j.from + c.index();
                    Chunk chunk = s.chunks().get(index);
                    StoredChunk stored = new StoredChunk(j.keys.get(c.index()), chunk.id(), s.id(), index,
                            s.effectivePrompt(index), j.take ? j.seed : ChunkKeys.seedOf(chunk), c.frames(), c.latent());
                    try {
                        target.write(stored);
                    } catch (IOException e) {
                        throw new RenderFailure(e.getMessage());
                    }
                    frames.put(stored.key(), c.frames());
                    renderedChunks.incrementAndGet();
                    post(() -> arrived(j, c.index()));
                }

                @Override
                public void step(int index, int done, int steps) {
                    post(() -> stepped(j, index, done, steps));
                }
            }, () -> j.cancelled);
            post(() -> ended(j, null));
        } catch (CancellationException e) {
            post(() -> ended(j, null));
        } catch (RuntimeException e) {
            post(() -> ended(j, e));
        }
    }

    private GenerationRequest request(Job j, RenderStore target, Path folder) {
        Shot s = j.snapshot;
        List<String> prompts = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        int count = j.take ? 1 : s.chunks().size() - j.from;
        for (int i = j.from; i < j.from + count; i++) {
            prompts.add(s.effectivePrompt(i));
            seeds.add(j.take ? j.seed : ChunkKeys.seedOf(s.chunks().get(i)));
        }
        return new GenerationRequest(prompts, seeds, ShotSampling.settings(s.settings(), pool.defaults()),
                start(j, target, folder), s.chunks().size() - j.from);
    }

    private Start start(Job j, RenderStore target, Path folder) {
        Shot s = j.snapshot;
        List<Latent> history = new ArrayList<>();
        if (s.start().hasMedia()) {
            Path media;
            try {
                media = ProjectFolder.at(folder).resolveMedia(s.start().media());
            } catch (ProjectFileException e) {
                throw new RenderFailure(e.getMessage());
            }
            if (s.start().kind() == ShotStart.Kind.IMAGE && j.from == 0) {
                return new Start.Image(ShotMedia.picture(media, shape.width(), shape.height()));
            }
            if (s.start().kind() == ShotStart.Kind.VIDEO) {
                Frames prefix = ShotMedia.prefix(media, shape.width(), shape.height(), shape.frames());
                if (j.from == 0) {
                    return new Start.Video(prefix);
                }
                history.addAll(pool.encodeChunks(prefix));
            }
        }
        for (int i = 0; i < j.from; i++) {
            String key = j.before.get(i);
            int number = i + 1;
            StoredChunk c = target.read(key).orElseThrow(() -> new RenderFailure(
                    "the render of chunk " + number + " is missing or damaged; render the shot again"));
            history.add(c.latent());
        }
        return history.isEmpty() ? new Start.Text() : new Start.History(history);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** A render cannot go on: the message says why. */
    static final class RenderFailure extends RuntimeException {
        RenderFailure(String message) {
            super(message);
        }
    }

    /** One piece of work for one device: a shot from chunk {@code from} to its end, or one take of one chunk. */
    private static final class Job {
        final long id;
        final Shot snapshot;
        final UUID shot;
        final int from;
        final List<String> keys;
        final List<UUID> chunks;
        final boolean take;
        final List<String> before;
        long seed;
        volatile boolean cancelled;
        boolean running;
        int finished;
        int current;
        int step;
        int steps;

        Job(long id, Shot snapshot, int from, List<String> keys, List<UUID> chunks, boolean take, List<String> before) {
            this.id = id;
            this.snapshot = snapshot;
            this.shot = snapshot.id();
            this.from = from;
            this.keys = List.copyOf(keys);
            this.chunks = List.copyOf(chunks);
            this.take = take;
            this.before = List.copyOf(before);
        }
    }
}
