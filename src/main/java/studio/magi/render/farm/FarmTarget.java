package studio.magi.render.farm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.DevicePool;
import studio.magi.engine.SelfCheck;
import studio.magi.render.ChunkRun;
import studio.magi.render.RenderModel;
import studio.magi.render.RenderStore;
import studio.magi.render.RenderTarget;

/**
 * A Slurm cluster as a render target. Each run the service starts is a job that runs {@code magi render-job} on a
 * node ({@link NodeRender}): a shot's chunks in one job, in order; the takes of one chunk as one job array; a run that
 * continues chunks another job renders waits for that job ({@code --dependency=afterok}). The nodes write the chunks
 * into the project's {@code renders/} (its folder is on storage they share), and this target hands each to the service
 * as it appears, polling {@code renders/}, the jobs' logs and {@code squeue} on its own thread. The jobs go on when
 * the studio closes: their ids are kept in {@code renders/farm/jobs.json} ({@link FarmLedger}) and followed again when
 * the project is opened ({@link #inFlight}). The model is loaded here too, but only for its chunk shape and words.
 * (A little over 300 lines: submitting, following and cancelling a run share one poll loop and one ledger, which
 * split apart would each need the other's state.)
 */
public final class FarmTarget implements RenderTarget {
    /** How often renders/ and the logs are looked at: the delay before a chunk written on a node shows. */
    static final long POLL_MS = 250;
    /** squeue is asked every this many polls, to spare the cluster's controller. */
    private static final int POLLS_PER_QUEUE = 4;

    private final ClusterSettings cluster;
    private final Slurm slurm;
    private final DevicePool model;
    private final Path modelOnNodes;
    private final String modelDigest;
    private final ScheduledExecutorService farm = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "farm");
        t.setDaemon(true);
        return t;
    });
    // The farm thread's own.
    private final List<FarmRun> runs = new ArrayList<>();
    private final Map<List<String>, FarmLedger.Entry> resumable = new HashMap<>();
    private int polls;

    /**
     * @param model      the model the studio keys its renders by, loaded here for its chunk shape and vocabulary
     * @param checkpoint its folder, which the nodes read unless the cluster names its own copy
     */
    public FarmTarget(ClusterSettings cluster, DevicePool model, Path checkpoint, RenderModel renderModel) {
        this.cluster = cluster;
        this.slurm = new Slurm(cluster);
        this.model = model;
        this.modelOnNodes = cluster.model() != null ? cluster.model() : checkpoint.toAbsolutePath().normalize();
        this.modelDigest = renderModel.digest();
        farm.scheduleWithFixedDelay(this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public int capacity() {
        return cluster.maxJobs();
    }

    @Override
    public ChunkShape chunkShape() {
        return model.chunkShape();
    }

    @Override
    public List<String> unknownWords(String prompt) {
        return model.unknownWords(prompt);
    }

    @Override
    public List<SelfCheck> selfChecks() {
        return model.selfChecks();
    }

    @Override
    public boolean ordersRuns() {
        return true;
    }

    @Override
    public Running start(ChunkRun run, RenderStore renders, Listener listener) {
        return start(List.of(new Launch(run, listener)), renders).get(0);
    }

    @Override
    public List<Running> start(List<Launch> launches, RenderStore renders) {
        List<FarmRun> batch = launches.stream().map(l -> new FarmRun(l.run(), renders, l.listener(), cluster.name()))
                .toList();
        onFarm(() -> submit(batch));
        return batch.stream().<Running>map(r -> new Running() {
            @Override
            public void cancel() {
                onFarm(() -> FarmTarget.this.cancel(r));
            }

            @Override
            public void leave() {
                onFarm(r::leave);
            }
        }).toList();
    }

    @Override
    public List<ChunkRun> inFlight(RenderStore renders) {
        FarmLedger ledger = new FarmLedger(renders.dir());
        List<ChunkRun> found = new ArrayList<>();
        Map<List<String>, FarmLedger.Entry> entries = new HashMap<>();
        for (FarmLedger.Entry e : ledger.entries()) {
            if (e.cluster().equals(cluster.name())) {
                try {
                    ChunkRun r = JobSpec.read(ledger.dir().resolve(e.spec())).run();
                    found.add(r);
                    entries.put(r.keys(), e);
                } catch (IOException unreadable) {
                    // Its chunks that landed are in renders/ all the same; the rest render anew when asked.
                }
            }
        }
        onFarm(() -> resumable.putAll(entries));
        return found;
    }

    /**
     * Stops following the jobs: they go on on the cluster, and are followed again when the project is opened. A
     * submission under way is let finish, so that its job is in jobs.json.
     */
    @Override
    public void close() {
        farm.shutdown();
        try {
            farm.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onFarm(Runnable r) {
        try {
            farm.execute(r);
        } catch (RejectedExecutionException closed) {
            // The studio is closing: the jobs go on without it.
        }
    }

    // ---- the farm thread

    private void submit(List<FarmRun> batch) {
        Map<String, List<FarmRun>> groups = new LinkedHashMap<>();
        for (FarmRun r : batch) {
            FarmLedger.Entry e = resumable.remove(r.run().keys());
            if (e != null) {
                r.submitted(e.job(), new FarmLedger(r.renders().dir()).dir().resolve(e.spec()));
                runs.add(r);
                continue;
            }
            r.submitting();
            // The takes of one chunk go as one array; every other run alone.
            String group = r.run().take() ? r.run().chunks().get(0).chunk() + "|" + r.run().continues()
                    : UUID.randomUUID().toString();
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(r);
        }
        groups.values().forEach(this::submitGroup);
    }

    private void submitGroup(List<FarmRun> group) {
        RenderStore renders = group.get(0).renders();
        FarmLedger ledger = new FarmLedger(renders.dir());
        Path project = renders.dir().getParent().toAbsolutePath();
        Path folder = null;
        try {
            folder = Files.createDirectories(ledger.dir()).resolve(UUID.randomUUID().toString().substring(0, 8));
            Files.createDirectory(folder);
            for (int i = 0; i < group.size(); i++) {
                new JobSpec(project, modelOnNodes, modelDigest, cluster.device(), group.get(i).run())
                        .write(folder.resolve("run-" + i + ".json"));
            }
            Path script = Files.writeString(folder.resolve("job.sh"),
                    JobScript.text(cluster, name(group.get(0).run()), folder, group.size(), after(group.get(0))));
            String id = slurm.submit(script, JobScript.paths(folder, group.size(), project));
            List<FarmLedger.Entry> entries = new ArrayList<>();
            for (int i = 0; i < group.size(); i++) {
                String job = group.size() == 1 ? id : id + "_" + i;
                group.get(i).submitted(job, folder.resolve("run-" + i + ".json"));
                entries.add(new FarmLedger.Entry(cluster.name(), job, ledger.dir().relativize(folder)
                        .resolve("run-" + i + ".json").toString()));
                runs.add(group.get(i));
            }
            ledger.add(entries);
            List<String> cancelled = group.stream().filter(FarmRun::cancelled).map(FarmRun::job).toList();
            slurm.cancel(cancelled);
        } catch (FarmException | IOException e) {
            group.forEach(r -> r.fail(e.getMessage()));
            if (group.stream().noneMatch(r -> r.job() != null)) {
                remove(folder);
            }
        }
    }

    /** The jobs rendering the chunks this run continues that are not in renders/ yet. */
    private List<String> after(FarmRun r) {
        Set<String> jobs = new LinkedHashSet<>();
        for (String key : r.run().continues()) {
            if (!r.renders().has(key)) {
                runs.stream().filter(o -> !o.over() && o.run().keys().contains(key)).map(FarmRun::job)
                        .forEach(jobs::add);
            }
        }
        return List.copyOf(jobs);
    }

    /** A job's name in squeue: its shot and first chunk, "magi-1a2b3c4d-c3" (takes: "-c3-takes"). */
    private static String name(ChunkRun run) {
        return "magi-" + run.shot().toString().substring(0, 8) + "-c" + (run.from() + 1) + (run.take() ? "-takes" : "");
    }

    private void cancel(FarmRun r) {
        r.cancel();
        if (r.job() != null && !r.over()) {
            try {
                slurm.cancel(List.of(r.job()));
            } catch (FarmException e) {
                r.fail(e.getMessage());
            }
        }
    }

    private void poll() {
        try {
            runs.forEach(FarmRun::poll);
            if (++polls % POLLS_PER_QUEUE == 0 && !runs.isEmpty()) {
                Map<String, JobState> states = slurm.jobs();
                for (FarmRun r : runs) {
                    JobState s = states.get(r.job());
                    r.update(s);
                    if (s != null && s.phase() == JobState.Phase.PENDING && s.neverRuns()) {
                        r.fail("cluster '" + cluster.name() + "': job " + r.job() + " waited for chunks that did not"
                                + " render (the job rendering them failed)");
                    }
                    if (r.over() && !r.endedWell() && s != null
                            && (s.phase() == JobState.Phase.PENDING || s.phase() == JobState.Phase.RUNNING)) {
                        slurm.cancel(List.of(r.job()));
                    }
                }
            }
            for (FarmRun r : List.copyOf(runs)) {
                if (r.over()) {
                    runs.remove(r);
                    forget(r);
                }
            }
        } catch (FarmException e) {
            runs.forEach(r -> r.say(e.getMessage()));
        } catch (RuntimeException e) {
            // One bad poll must not end the polling; the next one tries again.
            runs.forEach(r -> r.say("cluster '" + cluster.name() + "': " + e));
        }
    }

    /** A run the studio no longer follows: an ended one leaves the ledger, and its files go unless it failed. */
    private void forget(FarmRun r) {
        if (r.left() || r.job() == null) {
            return;
        }
        try {
            FarmLedger ledger = new FarmLedger(r.renders().dir());
            ledger.remove(cluster.name(), r.job());
            if (r.endedWell()) {
                Files.deleteIfExists(r.spec());
                Files.deleteIfExists(r.log());
                Path folder = r.spec().getParent();
                try (Stream<Path> left = Files.list(folder)) {
                    if (left.allMatch(p -> p.getFileName().toString().equals("job.sh"))) {
                        remove(folder);
                    }
                }
            }
        } catch (IOException e) {
            // Left behind: a later look at renders/farm/ finds only what ended.
        }
    }

    private static void remove(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // An empty or half-empty folder under renders/farm/ harms nothing.
        }
    }
}
