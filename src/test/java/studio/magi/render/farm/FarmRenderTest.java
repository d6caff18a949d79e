package studio.magi.render.farm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.DeviceName;
import studio.magi.engine.DevicePool;
import studio.magi.engine.ModelFactory;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotSettings;
import studio.magi.project.ShotStart;
import studio.magi.project.Take;
import studio.magi.render.ChunkStatus;
import studio.magi.render.RenderBoard;
import studio.magi.render.RenderModel;
import studio.magi.render.RenderService;

/**
 * The farm on a real one-machine Slurm cluster ({@link SlurmCluster}), its jobs running the built-in model through the
 * studio's own entry point: what they render is what this machine renders, bit for bit; cancelling, a dying node, an
 * edit while a job runs, and the studio closing and opening again. A test that runs out of time fails, and the
 * cluster's jobs and daemons are stopped all the same.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class FarmRenderTest {
    static final Path CHECKPOINT = Path.of("ckpt", "nano");
    private static SlurmCluster cluster;
    private static DevicePool pool;
    private static RenderModel model;

    @TempDir
    static Path clusterDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = SlurmCluster.start(clusterDir);
        pool = DevicePool.open(List.of(DeviceName.CPU), d -> ModelFactory.installed().load(CHECKPOINT, d));
        model = new RenderModel(RenderModel.digestOf(CHECKPOINT), pool.durationTokens());
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private RenderService onFarm(Boards boards) {
        return new RenderService(new FarmTarget(cluster.settings("test", 8), pool, CHECKPOINT, model), model, boards);
    }

    static Project film(int chunks) {
        List<Chunk> list = new ArrayList<>();
        list.add(Chunk.create("a red circle bouncing on a black background", 7));
        for (int i = 1; i < chunks; i++) {
            list.add(Chunk.create("", 7 + i));
        }
        return new Project("Farm", List.of(new Shot(UUID.randomUUID(), ShotStart.NOTHING, ShotSettings.DEFAULT, list)));
    }

    /** Shot 1 of two chunks, its first with two takes; shot 2 continues shot 1 (video to video from its frames). */
    static Project twoShots() {
        Chunk first = new Chunk(UUID.randomUUID(), "a red circle bouncing on a black background", 7,
                List.of(new Take(101, "take"), new Take(102, "take")), Chunk.NO_TAKE);
        Shot a = new Shot(UUID.randomUUID(), ShotStart.NOTHING, ShotSettings.DEFAULT,
                List.of(first, Chunk.create("", 8)));
        Shot b = new Shot(UUID.randomUUID(), ShotStart.after(a.id()), ShotSettings.DEFAULT,
                List.of(Chunk.create("the circle turns blue", 9), Chunk.create("", 10)));
        return new Project("Farm", List.of(a, b));
    }

    static List<Chunk> chunks(Project p) {
        return p.shots().stream().flatMap(s -> s.chunks().stream()).toList();
    }

    static long done(RenderBoard b, Project p) {
        return chunks(p).stream().filter(c -> b.status(c.id()).done()).count();
    }

    /** The keys of every chunk and take of the project as the board shows them. */
    static List<String> keysAndTakes(RenderService service, RenderBoard b, Project p) {
        List<String> keys = new ArrayList<>();
        for (Shot s : p.shots()) {
            for (int i = 0; i < s.chunks().size(); i++) {
                keys.add(b.key(s.chunks().get(i).id()).orElseThrow());
                for (Take t : s.chunks().get(i).takes()) {
                    keys.add(service.takeKey(b, s, i, t.seed()).orElseThrow());
                }
            }
        }
        return keys;
    }

    /** The squeue line of the job with this name: id, state, reason, name, dependency, start, end. */
    static List<String[]> jobsNamed(String name) throws Exception {
        return cluster.jobs().values().stream().filter(f -> f[3].equals(name)).toList();
    }

    static String jobName(Shot s, String suffix) {
        return "magi-" + s.id().toString().substring(0, 8) + "-c1" + suffix;
    }

    @Test
    void aTwoShotProjectRendersOnTheClusterBitForBitAsOnThisMachineTheContinuingShotAfterItsSource() throws Exception {
        Project p = twoShots();
        Shot a = p.shots().get(0);
        Shot b = p.shots().get(1);
        Path farmDir = Files.createDirectories(dir.resolve("farm"));
        Path localDir = Files.createDirectories(dir.resolve("local"));
        Boards farmBoards = new Boards();
        List<String> keys;
        try (RenderService farm = onFarm(farmBoards)) {
            farm.show(p, farmDir);
            farm.renderAll();
            farm.renderTakes(a.chunks().get(0).id());
            RenderBoard end = farmBoards.await("the film and the takes rendered on the cluster", 120,
                    x -> done(x, p) == 4 && !x.busy() && a.chunks().get(0).takes().stream().allMatch(t ->
                            farm.takeKey(x, a, 0, t.seed()).map(k -> x.takeStatus(k).done()).orElse(false)));
            keys = keysAndTakes(farm, end, p);
            assertEquals(6, farm.renderedChunks(), "four chunks and two takes, each once");
        }
        assertTrue(farmBoards.states("Shot 2").stream().anyMatch(s -> s.contains("pending (Dependency)")),
                "shot 2 waited for shot 1's job: " + farmBoards.states("Shot 2"));
        String[] source = jobsNamed(jobName(a, "")).get(0);
        String[] continuing = jobsNamed(jobName(b, "")).get(0);
        assertTrue(continuing[5].compareTo(source[6]) >= 0,
                "shot 2 started (" + continuing[5] + ") after shot 1 ended (" + source[6] + ")");
        List<String[]> takes = jobsNamed(jobName(a, "-takes"));
        assertEquals(2, takes.size(), "the two takes ran as one job array");
        assertEquals(takes.get(0)[0].split("_")[0], takes.get(1)[0].split("_")[0], "one array");
        assertEquals(List.of("COMPLETED", "COMPLETED"), takes.stream().map(t -> t[1]).toList());

        Boards localBoards = new Boards();
        try (RenderService local = new RenderService(pool, model, localBoards)) {
            local.show(p, localDir);
            local.renderAll();
            local.renderTakes(a.chunks().get(0).id());
            localBoards.await("the film and the takes rendered here", 120, x -> done(x, p) == 4 && !x.busy()
                    && keys.stream().allMatch(k -> x.takeStatus(k).done() || x.keys().containsValue(k)));
        }
        for (String key : keys) {
            Path farmChunk = farmDir.resolve("renders").resolve(key);
            Path localChunk = localDir.resolve("renders").resolve(key);
            List<Path> files;
            try (Stream<Path> list = Files.list(localChunk)) {
                files = list.sorted().toList();
            }
            assertEquals(26, files.size(), "24 frames, the latent and chunk.json");
            for (Path f : files) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(farmChunk.resolve(f.getFileName())),
                        key + "/" + f.getFileName() + " differs between the farm and this machine");
            }
        }
        assertFalse(Files.exists(farmDir.resolve("renders/farm/jobs.json"))
                && Files.readString(farmDir.resolve("renders/farm/jobs.json")).contains("\"job\""),
                "no job is left to follow");
    }

    @Test
    void cancellingARunningJobKeepsItsFinishedChunksAndMarksNoOtherDone() throws Exception {
        Project p = film(12);
        Shot s = p.shots().get(0);
        Boards boards = new Boards();
        try (RenderService farm = onFarm(boards)) {
            farm.show(p, dir);
            farm.renderAll();
            boards.await("a first chunk rendered on the cluster", 90, x -> done(x, p) >= 1);
            farm.cancelAll();
            RenderBoard end = boards.await("the job stopped", 60, x -> !x.busy());
            String[] job = jobsNamed(jobName(s, "")).get(0);
            assertEquals("CANCELLED", job[1], "the cluster's queue says the job was cancelled");
            long landed = done(end, p);
            assertTrue(landed >= 1 && landed < 12, landed + " chunks done");
            Thread.sleep(2 * FarmTarget.POLL_MS * 4);
            for (Chunk c : s.chunks()) {
                String key = end.key(c.id()).orElseThrow();
                boolean onDisk = Files.isDirectory(dir.resolve("renders").resolve(key));
                assertEquals(onDisk, end.status(c.id()).done(), "chunk " + s.indexOf(c.id()) + ": done exactly when"
                        + " it is in renders/");
                assertTrue(onDisk || end.status(c.id()).state() == ChunkStatus.State.NOT_RENDERED,
                        "a chunk the cancelled job did not finish is not rendered: " + end.status(c.id()));
            }
            assertEquals(landed, done(boards.latest(), p), "nothing lands after the cancel");
        }
    }

    @Test
    void aNodeThatDiesMidJobIsReportedFailedWithinAMinuteAndWhatItRenderedIsKeptAndNotRenderedAgain()
            throws Exception {
        Project p = film(12);
        Boards boards = new Boards();
        try (RenderService farm = onFarm(boards)) {
            farm.show(p, dir);
            farm.renderAll();
            boards.await("a first chunk rendered on the cluster", 90, x -> done(x, p) >= 1);
            long killed = System.nanoTime();
            cluster.killNode();
            RenderBoard failed = boards.await("the job reported failed", 60, x -> x.queue().stream()
                    .anyMatch(l -> l.state().startsWith("failed")));
            double seconds = (System.nanoTime() - killed) / 1e9;
            String why = failed.queue().stream().filter(l -> l.state().startsWith("failed")).findFirst()
                    .orElseThrow().state();
            assertTrue(seconds < 60, "reported after " + seconds + " s");
            assertTrue(why.contains("NODE_FAIL"), why);
            long kept = done(failed, p);
            assertTrue(kept >= 1 && kept < 12, kept + " chunks kept");
            Map<String, FileTime> before = new HashMap<>();
            for (Chunk c : chunks(p)) {
                if (failed.status(c.id()).done()) {
                    Path folder = dir.resolve("renders").resolve(failed.key(c.id()).orElseThrow());
                    before.put(folder.getFileName().toString(), Files.getLastModifiedTime(folder.resolve("latent.bin")));
                } else {
                    assertEquals(ChunkStatus.State.FAILED, failed.status(c.id()).state(), "not done, failed");
                }
            }
            assertEquals(kept, farm.renderedChunks());

            cluster.startNode();
            farm.renderAll();
            boards.await("resubmitted and rendered", 120, x -> done(x, p) == 12 && !x.busy());
            assertEquals(12, farm.renderedChunks(), "the second job rendered only the chunks the first did not");
            for (Map.Entry<String, FileTime> e : before.entrySet()) {
                assertEquals(e.getValue(), Files.getLastModifiedTime(dir.resolve("renders").resolve(e.getKey())
                        .resolve("latent.bin")), "a chunk rendered before the node died is kept as it was");
            }
        }
    }

    @Test
    void chunksWhoseKeyAnEditChangesWhileTheirJobRunsAreNotShownAsFresh() throws Exception {
        Project p = film(10);
        Shot s = p.shots().get(0);
        Boards boards = new Boards();
        try (RenderService farm = onFarm(boards)) {
            farm.show(p, dir);
            farm.renderAll();
            RenderBoard before = boards.await("a first chunk rendered on the cluster", 90, x -> done(x, p) >= 1);
            Project edited = p.withShot(0, s.withChunk(6, s.chunks().get(6).withPrompt("the circle turns blue")));
            int from = boards.count();
            farm.show(edited, dir);
            boards.await("the edit is shown", 10, x -> !x.key(s.chunks().get(6).id()).equals(before.key(
                    s.chunks().get(6).id())));
            boards.await("every chunk rendered for what it says now", 120, x -> done(x, edited) == 10 && !x.busy());
            for (RenderBoard b : boards.since(from)) {
                String key = b.key(s.chunks().get(6).id()).orElseThrow();
                if (!key.equals(before.key(s.chunks().get(6).id()).orElseThrow())) {
                    for (int i = 6; i < 10; i++) {
                        Chunk c = s.chunks().get(i);
                        if (b.status(c.id()).done()) {
                            String prompt = Files.readString(dir.resolve("renders").resolve(b.key(c.id()).orElseThrow())
                                    .resolve("chunk.json"));
                            assertTrue(prompt.contains("the circle turns blue"), "chunk " + (i + 1)
                                    + " shown done only once rendered for its new prompt");
                        }
                    }
                }
            }
        }
    }

    @Test
    void closingTheStudioLeavesItsJobsOnTheClusterAndOpeningTheProjectAgainPicksUpTheirChunks() throws Exception {
        Project p = film(10);
        Shot s = p.shots().get(0);
        Boards first = new Boards();
        try (RenderService farm = onFarm(first)) {
            farm.show(p, dir);
            farm.renderAll();
            first.await("a first chunk rendered on the cluster", 90, x -> done(x, p) >= 1);
        }
        assertTrue(Files.readString(dir.resolve("renders/farm/jobs.json")).contains("\"cluster\" : \"test\""));
        String state = jobsNamed(jobName(s, "")).get(0)[1];
        assertTrue(state.equals("RUNNING") || state.equals("COMPLETING") || state.equals("COMPLETED"), state);

        Boards again = new Boards();
        try (RenderService farm = onFarm(again)) {
            farm.show(p, dir);
            again.await("every chunk picked up", 120, x -> done(x, p) == 10 && !x.busy());
            assertTrue(farm.renderedChunks() >= 1, "the reopened studio picked up chunks the job wrote since");
        }
        assertEquals(1, jobsNamed(jobName(s, "")).size(), "no job submitted again");
        assertFalse(Files.readString(dir.resolve("renders/farm/jobs.json")).contains("\"job\""), "no job left to follow");
    }

    @Test
    void badSettingsFailTheRunWithOneClearLine() throws Exception {
        Project p = film(1);
        ClusterSettings ok = cluster.settings("bad", 8);
        ClusterSettings noPartition = new ClusterSettings("bad", "nosuch", null, 0, null, ok.magi(), null, List.of(),
                null, ok.slurmConf(), 8);
        ClusterSettings noSbatch = new ClusterSettings("bad", null, null, 0, null, ok.magi(), null, List.of(),
                dir.resolve("no-slurm-here"), ok.slurmConf(), 8);
        assertEquals("failed: cluster 'bad': sbatch refused the job: invalid partition specified: nosuch",
                failure(p, noPartition, "partition"));
        assertEquals("failed: cluster 'bad': sbatch is not installed here (not found in " + dir.resolve("no-slurm-here")
                + "): install Slurm's client commands, or set slurmBin", failure(p, noSbatch, "sbatch"));
    }

    @Test
    void aJobThatFailsOnItsNodeIsShownFailedWithItsOwnErrorLineAndItsChunksNotDone() throws Exception {
        Project p = film(2);
        Path otherModel = Files.writeString(Files.createDirectories(dir.resolve("other-model")).resolve("config.json"),
                "{}").getParent();
        ClusterSettings ok = cluster.settings("test", 8);
        ClusterSettings wrong = new ClusterSettings("test", ok.partition(), null, 0, ok.timeLimit(), ok.magi(),
                otherModel, List.of(), null, ok.slurmConf(), 8);
        String line = failure(p, wrong, "film");
        assertTrue(line.matches("failed: cluster 'test': job \\d+ FAILED on " + cluster.host()
                + " \\(NonZeroExitCode\\): the model in " + otherModel + " is not the one the studio renders with"
                + " \\(other weights\\): give the cluster the studio's model folder"), line);
    }

    private String failure(Project p, ClusterSettings settings, String folder) throws Exception {
        Boards boards = new Boards();
        try (RenderService farm = new RenderService(new FarmTarget(settings, pool, CHECKPOINT, model), model, boards)) {
            farm.show(p, Files.createDirectories(dir.resolve(folder)));
            farm.renderAll();
            RenderBoard failed = boards.await("the run failed", 60, x -> x.queue().stream()
                    .anyMatch(l -> l.state().startsWith("failed")));
            assertTrue(chunks(p).stream().allMatch(c -> failed.status(c.id()).state() == ChunkStatus.State.FAILED));
            return failed.queue().get(0).state();
        }
    }
}
