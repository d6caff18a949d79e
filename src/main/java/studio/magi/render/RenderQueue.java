package studio.magi.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.Take;

/**
 * What is asked to render and the jobs planned for it. The shots wanted whole (the persisted queue) each get a job
 * from their first chunk not in {@code renders/} to their end, the chunks before it being its history; the chunks
 * whose takes are wanted get a job per take not rendered, once the chunks before them are. Jobs start in shot order,
 * the shot in focus first. Coordinator thread only.
 * (A little over 300 lines: whole shots and single takes are planned against the same job list and statuses, and
 * the planning must see both at once to keep a take from starting before the chunks it continues.)
 */
final class RenderQueue {
    private final ChunkStatuses statuses;
    private final Set<UUID> wanted = new LinkedHashSet<>();
    private final Set<UUID> wantedTakes = new LinkedHashSet<>();
    private final List<RenderJob> jobs = new ArrayList<>();
    private UUID focus;
    private long nextJob = 1;

    RenderQueue(ChunkStatuses statuses) {
        this.statuses = statuses;
    }

    /** The shots wanted whole, in the order they were asked: what {@code renders/queue.json} keeps. */
    List<UUID> wantedShots() {
        return List.copyOf(wanted);
    }

    /** Whether anything is wanted, so that an edit has something to plan. */
    boolean wantsAny() {
        return !wanted.isEmpty() || !wantedTakes.isEmpty();
    }

    List<RenderJob> jobs() {
        return List.copyOf(jobs);
    }

    /** The shots a reopened project's queue asked for. */
    void resume(List<UUID> shots) {
        wanted.addAll(shots);
    }

    /** Runs the target still has in flight from before the project was opened: jobs again, to start at once. */
    List<RenderJob> adopt(List<ChunkRun> runs) {
        List<RenderJob> adopted = runs.stream().map(r -> new RenderJob(r.withId(nextJob++))).toList();
        adopted.forEach(this::add);
        return adopted;
    }

    void want(Project project, UUID shot) {
        if (project.shotIndex(shot) >= 0) {
            wanted.add(shot);
        }
    }

    void wantTakes(UUID chunk) {
        wantedTakes.add(chunk);
    }

    /** The shot holding this chunk starts first. */
    void focus(UUID chunk) {
        focus = chunk;
    }

    /** Nothing is wanted any more; every job stops. */
    void cancelAll() {
        wanted.clear();
        wantedTakes.clear();
        List.copyOf(jobs).forEach(this::cancel);
    }

    /**
     * Another project is opened, or the studio closes: nothing is wanted here any more, and every job is left (on
     * this machine it stops; on a cluster it goes on).
     */
    void leave() {
        wanted.clear();
        wantedTakes.clear();
        jobs.forEach(RenderJob::leave);
        jobs.forEach(j -> j.keys().forEach(statuses::settled));
        jobs.clear();
    }

    void cancelShot(UUID shot) {
        wanted.remove(shot);
        List.copyOf(jobs).stream().filter(j -> j.shot().equals(shot)).forEach(this::cancel);
    }

    void cancelJob(long id) {
        for (RenderJob j : List.copyOf(jobs)) {
            if (j.id() == id) {
                if (j.take()) {
                    wantedTakes.remove(j.run().chunks().get(0).chunk());
                } else {
                    wanted.remove(j.shot());
                }
                cancel(j);
            }
        }
    }

    /**
     * The project changed: its removed shots are no longer wanted, and the jobs rendering a key it no longer has
     * ({@code current} holds those it has) are cancelled.
     */
    void projectChanged(Project project, Set<String> current) {
        wanted.removeIf(id -> project.shotIndex(id) < 0);
        for (RenderJob j : List.copyOf(jobs)) {
            if (j.keys().subList(j.finished(), j.keys().size()).stream().anyMatch(k -> !current.contains(k))) {
                cancel(j);
            }
        }
    }

    /** Queues a job for what is wanted and not queued yet. */
    void plan(FilmKeys keys, RenderStore store) {
        Project project = keys.project();
        wantSources(project, keys, store);
        for (UUID id : orderedShots(project)) {
            if (!wanted.contains(id) || jobs.stream().anyMatch(j -> !j.take() && j.shot().equals(id))) {
                continue;
            }
            Shot s = project.shots().get(project.shotIndex(id));
            List<String> k = keys.chunks(id).orElse(null);
            if (keys.problem(id).isPresent() || k == null) {
                failShot(project, s, keys);
                wanted.remove(id);
                continue;
            }
            int first = 0;
            while (first < k.size() && store.has(k.get(first))) {
                first++;
            }
            if (first == k.size()) {
                wanted.remove(id);
                continue;
            }
            List<ChunkRun.PlannedChunk> chunks = new ArrayList<>();
            for (int i = first; i < k.size(); i++) {
                Chunk c = s.chunks().get(i);
                chunks.add(new ChunkRun.PlannedChunk(c.id(), i, k.get(i), s.effectivePrompt(i), ChunkKeys.seedOf(c)));
            }
            add(new RenderJob(run(s, chunks, keys, false)));
        }
        for (UUID chunkId : List.copyOf(wantedTakes)) {
            planTakes(project, chunkId, keys, store);
        }
    }

    private void planTakes(Project project, UUID chunkId, FilmKeys keys, RenderStore store) {
        wantedTakes.remove(chunkId);
        project.locate(chunkId).ifPresent(at -> {
            Shot s = project.shots().get(at.shot());
            List<String> k = keys.chunks(s.id()).orElse(null);
            if (k == null) {
                failShot(project, s, keys);
                return;
            }
            int i = at.chunk();
            if (k.subList(0, i).stream().anyMatch(key -> !store.has(key))) {
                // Takes continue the chunks before them: render those first, then the takes.
                want(project, s.id());
                wantedTakes.add(chunkId);
                return;
            }
            for (Take t : s.chunks().get(i).takes()) {
                String key = keys.take(s, i, t.seed());
                boolean queued = jobs.stream().anyMatch(j -> j.keys().contains(key));
                if (!store.has(key) && !queued) {
                    ChunkRun.PlannedChunk take = new ChunkRun.PlannedChunk(chunkId, i, key, s.effectivePrompt(i), t.seed());
                    add(new RenderJob(run(s, List.of(take), keys, true)));
                }
            }
        });
    }

    /** A wanted shot that continues another shot not rendered yet wants that one too (and so on up the chain). */
    private void wantSources(Project project, FilmKeys keys, RenderStore store) {
        boolean more = true;
        while (more) {
            more = false;
            for (UUID id : List.copyOf(wanted)) {
                int at = project.shotIndex(id);
                List<String> source = at < 0 ? List.of() : keys.source(project.shots().get(at));
                if (source != null && !source.stream().allMatch(store::has)) {
                    more |= wanted.add(project.shots().get(at).start().shot());
                }
            }
        }
    }

    private ChunkRun run(Shot s, List<ChunkRun.PlannedChunk> chunks, FilmKeys keys, boolean take) {
        int from = chunks.get(0).index();
        List<String> history = keys.chunks(s.id()).orElseThrow().subList(0, from);
        return new ChunkRun(nextJob++, s.id(), take, chunks, s.settings(), s.start().kind(), keys.media(s.id()),
                keys.source(s), history, s.chunks().size() - from);
    }

    /**
     * The queued jobs to start now, in shot order, so that no more than {@code capacity} run. A job whose chunks to
     * continue are still on their way waits for the job rendering them, unless the target {@code orders} runs and that
     * job has started (then the target holds it); a job whose chunks to continue are on no one's way starts, and fails
     * saying so.
     */
    List<RenderJob> toStart(Project project, int capacity, RenderStore store, boolean orders) {
        long free = capacity - jobs.stream().filter(RenderJob::running).count();
        List<UUID> order = orderedShots(project);
        Set<String> started = new HashSet<>();
        Set<String> coming = new HashSet<>();
        for (RenderJob j : jobs) {
            if (!j.cancelled()) {
                (j.running() ? started : coming).addAll(j.keys());
            }
        }
        List<RenderJob> waiting = new ArrayList<>(jobs.stream().filter(j -> !j.running() && !j.cancelled())
                .sorted(Comparator.comparingInt(j -> order.indexOf(j.shot()))).toList());
        List<RenderJob> start = new ArrayList<>();
        // Passes until none starts: a job may follow one that comes after it in shot order.
        for (boolean more = true; more && start.size() < free; ) {
            more = false;
            for (RenderJob j : List.copyOf(waiting)) {
                boolean held = j.run().continues().stream().filter(k -> !store.has(k))
                        .anyMatch(k -> coming.contains(k) || started.contains(k) && !orders);
                if (!held && start.size() < free) {
                    start.add(j);
                    waiting.remove(j);
                    started.addAll(j.keys());
                    j.keys().forEach(coming::remove);
                    more = true;
                }
            }
        }
        return start;
    }

    /** A chunk of the job made a step; false when the job is cancelled (its progress no longer shows). */
    boolean stepped(RenderJob j, int chunk, int done, int steps) {
        if (j.cancelled()) {
            return false;
        }
        j.stepped(chunk, done, steps);
        statuses.rendering(j.keys().get(chunk), done, steps);
        return true;
    }

    /** A chunk of the job is in {@code renders/}. */
    void landed(RenderJob j, int chunk) {
        j.landed(chunk);
        statuses.settled(j.keys().get(chunk));
    }

    /** A wanted shot whose chunks are all in {@code renders/} leaves the queue; says whether it did. */
    boolean forgetIfRendered(UUID shot, FilmKeys keys, RenderStore store) {
        List<String> k = keys.chunks(shot).orElse(null);
        return k != null && wanted.contains(shot) && k.stream().allMatch(store::has) && wanted.remove(shot);
    }

    /** The job stopped; a failure (not after a cancel) marks its chunks not landed and leaves a line in the queue. */
    void ended(Project project, RenderJob j, String failure) {
        jobs.remove(j);
        List<String> rest = j.keys().subList(j.finished(), j.keys().size());
        rest.forEach(statuses::settled);
        if (failure != null && !j.cancelled()) {
            rest.forEach(k -> statuses.failed(k, failure));
            statuses.failedLine(new QueueLine(j.id(), QueueLabels.of(project, j), "failed: " + failure, 0));
            if (!j.take()) {
                unwant(project, j.shot());
            }
        }
    }

    /** The shot is no longer wanted, nor the shots that continue it: they would only ask for it again. */
    private void unwant(Project project, UUID shot) {
        wanted.remove(shot);
        project.shots().stream().filter(s -> shot.equals(s.start().shot()) && wanted.contains(s.id()))
                .forEach(s -> unwant(project, s.id()));
    }

    private void add(RenderJob j) {
        jobs.add(j);
        statuses.queued(j.keys());
    }

    private void cancel(RenderJob j) {
        j.cancel();
        if (!j.running()) {
            jobs.remove(j);
        }
        j.keys().forEach(statuses::settled);
    }

    private void failShot(Project project, Shot s, FilmKeys keys) {
        String m = keys.problem(s.id()).orElse("its start cannot be read");
        keys.chunks(s.id()).ifPresent(k -> k.forEach(key -> statuses.failed(key, m)));
        statuses.failedLine(new QueueLine(0, QueueLabels.chunks(project, s.id(), 0, s.chunks().size(), false),
                "failed: " + m, 0));
    }

    private List<UUID> orderedShots(Project project) {
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
}
