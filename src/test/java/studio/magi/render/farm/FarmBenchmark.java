package studio.magi.render.farm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.DeviceName;
import studio.magi.engine.DevicePool;
import studio.magi.engine.ModelFactory;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotSettings;
import studio.magi.project.ShotStart;
import studio.magi.render.LocalDevices;
import studio.magi.render.RenderModel;
import studio.magi.render.RenderService;
import studio.magi.render.RenderTarget;

/**
 * The figures of docs/FARM.md, on a one-machine cluster whose node says it has 4 CPUs (so 4 jobs share the 2 cores):
 * submit-to-first-chunk, the overhead of a job against rendering here, and 60 chunks as 4 shots over 4 concurrent jobs
 * against this machine. Not part of the suite (its name is no test's):
 * {@code mvn -B -o test -Dtest=FarmBenchmark -Dsurefire.failIfNoSpecifiedTests=false}; figures on stdout and in
 * {@code target/farm-bench.txt}.
 */
class FarmBenchmark {
    private static final Path CHECKPOINT = Path.of("ckpt", "nano");

    @TempDir
    Path dir;

    @Test
    void figures() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (SlurmCluster cluster = SlurmCluster.start(Files.createDirectories(dir.resolve("cluster")), 4);
             DevicePool pool = DevicePool.open(List.of(DeviceName.CPU), d -> ModelFactory.installed().load(CHECKPOINT, d))) {
            pool.warmUp();
            RenderModel model = new RenderModel(RenderModel.digestOf(CHECKPOINT), pool.durationTokens());
            Supplier<RenderTarget> here = () -> new LocalDevices(pool);
            Supplier<RenderTarget> farm = () -> new FarmTarget(cluster.settings("bench", 4), pool, CHECKPOINT, model);
            for (int i = 0; i < 3; i++) {
                out.put("first chunk, this machine, run " + (i + 1), seconds(first(here, model, films(1, 1))));
                out.put("first chunk, farm, run " + (i + 1), seconds(first(farm, model, films(1, 1))));
            }
            out.put("1 shot of 15 chunks, this machine", seconds(all(here, model, films(1, 15))));
            out.put("1 shot of 15 chunks, farm (one job)", seconds(all(farm, model, films(1, 15))));
            out.put("4 shots of 15 chunks, this machine (one device)", seconds(all(here, model, films(4, 15))));
            out.put("4 shots of 15 chunks, farm (4 concurrent jobs)", seconds(all(farm, model, films(4, 15))));
            out.put("node killed mid-job to its job shown failed", seconds(nodeDeath(cluster, farm.get(), model)));
        }
        StringBuilder text = new StringBuilder();
        out.forEach((k, v) -> text.append(k).append(": ").append(v).append(" s\n"));
        System.out.print(text);
        Files.writeString(Path.of("target", "farm-bench.txt"), text);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
    }

    private static Project films(int shots, int chunks) {
        List<Shot> list = new ArrayList<>();
        for (int s = 0; s < shots; s++) {
            List<Chunk> c = new ArrayList<>(List.of(Chunk.create("a red circle bouncing on a black background", 7 + s)));
            for (int i = 1; i < chunks; i++) {
                c.add(Chunk.create("", 100L * s + i));
            }
            list.add(new Shot(UUID.randomUUID(), ShotStart.NOTHING, ShotSettings.DEFAULT, c));
        }
        return new Project("Bench", list);
    }

    /** From Render to the first chunk done, in a new project folder. */
    private long first(Supplier<RenderTarget> target, RenderModel model, Project p) throws Exception {
        return time(target, model, p, b -> FarmRenderTest.done(b, p) >= 1);
    }

    /** From Render to every chunk done and every job ended. */
    private long all(Supplier<RenderTarget> target, RenderModel model, Project p) throws Exception {
        return time(target, model, p, b -> FarmRenderTest.done(b, p) == FarmRenderTest.chunks(p).size() && !b.busy());
    }

    /** From the node's death (its daemon and the job's processes killed) to the job shown as failed. */
    private long nodeDeath(SlurmCluster cluster, RenderTarget farm, RenderModel model) throws Exception {
        Project p = films(1, 15);
        Boards boards = new Boards();
        try (RenderService service = new RenderService(farm, model, boards)) {
            service.show(p, Files.createTempDirectory(dir, "film"));
            service.renderAll();
            boards.await("a first chunk", 120, b -> FarmRenderTest.done(b, p) >= 1);
            long killed = System.nanoTime();
            cluster.killNode();
            boards.await("failed", 120, b -> b.queue().stream().anyMatch(l -> l.state().startsWith("failed")));
            return System.nanoTime() - killed;
        }
    }

    private long time(Supplier<RenderTarget> target, RenderModel model, Project p,
                      java.util.function.Predicate<studio.magi.render.RenderBoard> until) throws Exception {
        Boards boards = new Boards();
        try (RenderService service = new RenderService(target.get(), model, boards)) {
            service.show(p, Files.createTempDirectory(dir, "film"));
            boards.await("the project shown", 10, b -> b.ready());
            long start = System.nanoTime();
            service.renderAll();
            boards.await("rendered", 600, until);
            return System.nanoTime() - start;
        }
    }
}
