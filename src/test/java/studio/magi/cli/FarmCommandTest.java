package studio.magi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotSettings;
import studio.magi.project.ShotStart;
import studio.magi.project.store.ProjectFolder;
import studio.magi.render.farm.SlurmCluster;

/**
 * {@code ./magi render --farm}, {@code farm status} and {@code farm cancel} on a real one-machine Slurm cluster, its
 * jobs running the studio's own entry point.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class FarmCommandTest {
    private static SlurmCluster cluster;

    @TempDir
    static Path clusterDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = SlurmCluster.start(clusterDir);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private Path clusters() throws Exception {
        String json = "{\"clusters\": {\"test\": {\"partition\": \"magi\", \"timeLimit\": \"10:00\", \"magi\": "
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(SlurmCluster.nodeCommand()) + ", \"slurmConf\": \""
                + cluster.conf() + "\"}}}";
        return Files.writeString(dir.resolve("clusters.json"), json);
    }

    private Path project(String name, int chunks) throws Exception {
        List<Chunk> list = new ArrayList<>(List.of(Chunk.create("a red circle bouncing on a black background", 7)));
        for (int i = 1; i < chunks; i++) {
            list.add(Chunk.create("", 7 + i));
        }
        Path folder = Files.createDirectories(dir.resolve(name));
        ProjectFolder.at(folder).save(new Project(name, List.of(new Shot(UUID.randomUUID(), ShotStart.NOTHING,
                ShotSettings.DEFAULT, list))));
        return folder;
    }

    @Test
    void aProjectRendersOnTheFarmFromTheCommandLineAndItsJobsAreListedAndCancelled() throws Exception {
        Path clusters = clusters();
        Path small = project("small", 2);
        Console done = Console.run("render", "--farm", "test", "--clusters", clusters.toString(), small.toString());
        assertEquals(0, done.exit(), done.out() + done.err());
        assertTrue(done.out().contains("every chunk is rendered (2 now, 0 before)"), done.out());
        assertEquals("no farm jobs for " + small + "\n",
                Console.run("farm", "status", "--clusters", clusters.toString(), small.toString()).out());

        Path long_ = project("long", 12);
        CompletableFuture<Console> rendering = CompletableFuture.supplyAsync(() -> Console.run("render", "--farm",
                "test", "--clusters", clusters.toString(), long_.toString()));
        Path ledger = long_.resolve("renders/farm/jobs.json");
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); !Files.isRegularFile(ledger); ) {
            assertTrue(System.nanoTime() < end, "a job was submitted");
            Thread.sleep(100);
        }
        Console status = Console.run("farm", "status", "--clusters", clusters.toString(), long_.toString());
        assertTrue(status.out().matches("(?s)test +\\d+ +Shot 1 \u00b7 chunks 1\u201312 +(pending|running).*"),
                status.out() + status.err());
        String id = status.out().split("\\s+")[1];

        Console cancel = Console.run("farm", "cancel", "--clusters", clusters.toString(), long_.toString(), id);
        assertTrue(cancel.out().startsWith("cancelled 1 job:\ntest       " + id), cancel.out() + cancel.err());
        Console stopped = rendering.get(60, TimeUnit.SECONDS);
        assertEquals(1, stopped.exit(), stopped.out());
        assertTrue(stopped.out().contains("failed: cluster 'test': job " + id + " was cancelled on the cluster"),
                stopped.out());
        assertEquals("CANCELLED", cluster.jobs().get(id)[1]);
        assertEquals(2, Console.run("farm", "cancel", "--clusters", clusters.toString(), long_.toString(), "999").exit(),
                "an unknown job is one line and exit code 2");
    }
}
