package studio.magi.render.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.ShotSettings;
import studio.magi.project.ShotStart;
import studio.magi.render.ChunkRun;

/** What the farm writes and reads without a cluster: the clusters' settings, a job's spec, script and log. */
class FarmFilesTest {
    @TempDir
    Path dir;

    private Path clusters(String json) throws Exception {
        return Files.writeString(dir.resolve("clusters.json"), json);
    }

    @Test
    void aClusterIsReadWithItsSettingsAndOnlyMagiIsRequired() throws Exception {
        ClusterConfig config = new ClusterConfig(clusters("""
                {"clusters": {"gpu": {"partition": "gpu", "account": "vfx", "gpusPerJob": 2, "timeLimit": "1:30:00",
                  "magi": "/shared/magi/magi", "model": "/shared/models/nano", "sbatch": ["#SBATCH --qos=high"],
                  "slurmConf": "/etc/slurm/other.conf", "maxJobs": 12},
                  "cpu": {"magi": "magi-studio"}}}"""));
        assertEquals(List.of("cpu", "gpu"), config.names());
        assertEquals(new ClusterSettings("gpu", "gpu", "vfx", 2, "1:30:00", "/shared/magi/magi", Path.of("/shared/models/nano"),
                List.of("#SBATCH --qos=high"), null, Path.of("/etc/slurm/other.conf"), 12), config.cluster("gpu"));
        ClusterSettings plain = config.cluster("cpu");
        assertEquals("cpu", plain.device());
        assertEquals("gpu:0", config.cluster("gpu").device());
        assertEquals(64, plain.maxJobs());
    }

    @Test
    void aMissingFileAnUnknownClusterAndBadSettingsAreOneLineEach() throws Exception {
        assertTrue(assertThrows(FarmException.class, () -> new ClusterConfig(dir.resolve("none.json")).cluster("x"))
                .getMessage().contains("no clusters are set up"));
        Path file = clusters("{\"clusters\": {\"a\": {\"magi\": \"m\"}, \"b\": {\"magi\": \"m\", \"partiton\": \"gpu\"},"
                + " \"c\": {\"magi\": \"m\", \"timeLimit\": \"soon\"}, \"d\": {\"partition\": \"gpu\"}}}");
        ClusterConfig config = new ClusterConfig(file);
        assertEquals("no cluster 'x' in " + file + " (it names: a, b, c, d)",
                assertThrows(FarmException.class, () -> config.cluster("x")).getMessage());
        assertTrue(assertThrows(FarmException.class, () -> config.cluster("b")).getMessage()
                .contains("unknown setting 'partiton'"));
        assertTrue(assertThrows(FarmException.class, () -> config.cluster("c")).getMessage()
                .contains("timeLimit 'soon' is not a Slurm time"));
        assertTrue(assertThrows(FarmException.class, () -> config.cluster("d")).getMessage()
                .contains("magi, the command that runs MAGI Studio on the nodes, is missing"));
    }

    @Test
    void theScriptAsksForWhatTheClusterSaysAndRunsTheTaskSpecOfItsArray() {
        ClusterSettings c = new ClusterSettings("gpu", "gpu", "vfx", 1, "2:00:00", "/shared/magi", null,
                List.of("#SBATCH --qos=high"), null, null, 8);
        String script = JobScript.text(c, "magi-1234abcd-c1-takes", Path.of("/p/it's/renders/farm/f"), 3,
                List.of("12", "13_1"));
        assertEquals("""
                #!/bin/bash
                #SBATCH --job-name=magi-1234abcd-c1-takes
                #SBATCH --no-requeue
                #SBATCH --array=0-2
                #SBATCH --dependency=afterok:12:13_1
                #SBATCH --partition=gpu
                #SBATCH --account=vfx
                #SBATCH --gres=gpu:1
                #SBATCH --time=2:00:00
                #SBATCH --qos=high
                # MAGI Studio: renders one run of a shot into the project's renders/ by content key.
                folder='/p/it'\\''s/renders/farm/f'
                exec /shared/magi render-job "$folder/run-${SLURM_ARRAY_TASK_ID:-0}.json"
                """, script);
        assertEquals(List.of("--output=/p/renders/farm/f/run-%a.log", "--chdir=/p"),
                JobScript.paths(Path.of("/p/renders/farm/f"), 3, Path.of("/p")));
    }

    @Test
    void aSpecReadsBackAsTheRunItWasWrittenFor() throws Exception {
        ChunkRun run = new ChunkRun(4, UUID.randomUUID(), false, List.of(
                new ChunkRun.PlannedChunk(UUID.randomUUID(), 1, "b".repeat(64), "the circle turns blue", 9)),
                ShotSettings.DEFAULT, ShotStart.Kind.SHOT, null, List.of("c".repeat(64)), List.of("a".repeat(64)), 3);
        JobSpec spec = new JobSpec(Path.of("/shared/film"), Path.of("/shared/nano"), "d".repeat(64), "cpu", run);
        spec.write(dir.resolve("run-0.json"));
        assertEquals(spec, JobSpec.read(dir.resolve("run-0.json")));
        Files.writeString(dir.resolve("bad.json"), "{\"project\": 1}");
        assertTrue(assertThrows(java.io.IOException.class, () -> JobSpec.read(dir.resolve("bad.json"))).getMessage()
                .contains("is not a render job's spec"));
    }

    @Test
    void aNodeWhoseModelIsNotTheStudiosRefusesToRenderInOneLine() throws Exception {
        ChunkRun run = new ChunkRun(1, UUID.randomUUID(), false, List.of(
                new ChunkRun.PlannedChunk(UUID.randomUUID(), 0, "b".repeat(64), "a red circle", 9)),
                ShotSettings.DEFAULT, ShotStart.Kind.NOTHING, null, List.of(), List.of(), 1);
        Path spec = dir.resolve("run-0.json");
        Path model = Path.of("ckpt", "nano").toAbsolutePath();
        new JobSpec(dir, model, "0".repeat(64), "cpu", run).write(spec);
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        assertEquals(1, NodeRender.run(spec, new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true)));
        assertEquals(JobLog.FAILED + "the model in " + model + " is not the one the studio renders with (other weights):"
                + " give the cluster the studio's model folder", err.toString().strip());
        assertTrue(Files.notExists(dir.resolve("renders").resolve("b".repeat(64))), "nothing filed under the key");
    }

    @Test
    void aDamagedLedgerReadsAsNoJobs() throws Exception {
        FarmLedger ledger = new FarmLedger(dir.resolve("renders"));
        ledger.add(List.of(new FarmLedger.Entry("gpu", "12_1", "ab/run-1.json")));
        assertEquals(List.of(new FarmLedger.Entry("gpu", "12_1", "ab/run-1.json")), ledger.entries());
        Files.writeString(ledger.dir().resolve("jobs.json"), "{\"jobs\": [{\"cluster\"");
        assertEquals(List.of(), ledger.entries());
    }

    @Test
    void theLogGivesTheLatestStepAsItGrowsAndTheJobsOwnErrorLine() throws Exception {
        Path file = dir.resolve("run-0.log");
        JobLog log = new JobLog(file);
        assertEquals(Optional.empty(), log.newStep(), "no log yet");
        Files.writeString(file, "[main] INFO starting\n" + JobLog.step(0, 3, 1, 8) + "\n" + JobLog.step(0, 3, 2, 8)
                + "\nmagi: chunk 1/3 st");
        assertEquals(Optional.of(new JobLog.Step(0, 2, 8)), log.newStep());
        assertEquals(Optional.empty(), log.newStep(), "nothing new");
        Files.writeString(file, "ep 3/8\n" + JobLog.stored(0, 3, "a".repeat(64)) + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals(Optional.of(new JobLog.Step(0, 3, 8)), log.newStep(), "a line completed later counts");
        assertEquals(Optional.empty(), log.errorLine(), "a job that stopped mid-way says nothing of its own");
        Files.writeString(file, JobLog.FAILED + "the render of chunk 1 is missing or damaged\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals(Optional.of("the render of chunk 1 is missing or damaged"), log.errorLine());
        Files.writeString(file, "slurmstepd: error: *** JOB 12 ON vm CANCELLED DUE TO TIME LIMIT ***\n");
        assertEquals(Optional.of("slurmstepd: error: *** JOB 12 ON vm CANCELLED DUE TO TIME LIMIT ***"),
                log.errorLine());
    }
}
