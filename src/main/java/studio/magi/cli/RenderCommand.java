package studio.magi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import studio.magi.engine.Compute;
import studio.magi.engine.DevicePool;
import studio.magi.engine.ModelFactory;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.store.ProjectFileException;
import studio.magi.project.store.ProjectFolder;
import studio.magi.render.ChunkStatus;
import studio.magi.render.LocalDevices;
import studio.magi.render.QueueLine;
import studio.magi.render.RenderBoard;
import studio.magi.render.RenderModel;
import studio.magi.render.RenderService;
import studio.magi.render.RenderTarget;
import studio.magi.render.farm.FarmException;
import studio.magi.render.farm.FarmTarget;

/** {@code ./magi render [--farm NAME] PROJECT}: renders what a project's chunks say now, here or on a cluster. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Renders every chunk of a saved project that is not rendered for what it says now, into its",
            "renders/ (what the studio's Render does), on this machine or, with --farm, as jobs on a cluster of",
            "clusters.json (docs/FARM.md). Chunks already rendered are kept. Exit code 1 when a job failed.",
            "Farm jobs go on if this command is stopped; ./magi farm status PROJECT lists them, and the studio and this",
            "command pick them up again."})
final class RenderCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PROJECT", description = "the project folder (one with a project.json)")
    Path project;

    @Option(names = "--farm", paramLabel = "NAME", description = "Render as jobs on this cluster of clusters.json.")
    String farm;

    @Option(names = "--model", paramLabel = "DIR", description = "The checkpoint (default: the built-in ckpt/nano).")
    Path model;

    @CommandLine.Mixin
    ClustersOption clusters;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = project.toAbsolutePath().normalize();
        Project film;
        try {
            film = ProjectFolder.at(dir).open();
        } catch (ProjectFileException e) {
            throw new UserError(e.getMessage(), e);
        }
        Path checkpoint = model != null ? model : ModelFolder.builtIn();
        RenderModel keys;
        try {
            keys = RenderModel.of(checkpoint);
        } catch (IOException | RuntimeException e) {
            throw new UserError("the model in " + checkpoint + " cannot be read: " + e.getMessage(), e);
        }
        ModelFactory models = ModelFactory.installed();
        BlockingQueue<RenderBoard> boards = new LinkedBlockingQueue<>();
        try (DevicePool pool = DevicePool.open(List.of(Compute.devices().get(0)), d -> models.load(checkpoint, d));
             RenderService service = new RenderService(target(pool, checkpoint, keys), keys, boards::add)) {
            service.show(film, dir);
            service.renderAll();
            out.println("rendering " + dir + (farm == null ? " on this machine" : " on cluster " + farm));
            return follow(film, boards, out, service);
        }
    }

    private RenderTarget target(DevicePool pool, Path checkpoint, RenderModel keys) {
        if (farm == null) {
            return new LocalDevices(pool);
        }
        try {
            return new FarmTarget(clusters.config().cluster(farm), pool, checkpoint, keys);
        } catch (FarmException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** Prints each job's state as it changes, until every chunk is done (0) or nothing more renders (1). */
    private static int follow(Project film, BlockingQueue<RenderBoard> boards, PrintWriter out, RenderService service)
            throws InterruptedException {
        List<Chunk> chunks = film.shots().stream().flatMap(s -> s.chunks().stream()).toList();
        Map<Long, String> shown = new HashMap<>();
        while (true) {
            RenderBoard b = boards.take();
            for (QueueLine l : b.queue()) {
                // The step changes many times a chunk: a job's line is printed when its chunk or state changes.
                String state = l.state().replaceFirst(", step \\d+ of \\d+$", "");
                if (!state.equals(shown.put(l.job(), state))) {
                    out.println(l.label() + ": " + state);
                }
            }
            boolean allDone = chunks.stream().allMatch(c -> b.status(c.id()).done());
            boolean failed = chunks.stream().anyMatch(c -> b.status(c.id()).state() == ChunkStatus.State.FAILED);
            // Waits for the jobs to end too, so that none is left for the next opening to follow up.
            if ((allDone || failed) && !b.busy()) {
                out.println(allDone ? "every chunk is rendered (" + service.renderedChunks() + " now, "
                        + (chunks.size() - service.renderedChunks()) + " before)" : "some chunks did not render");
                return allDone ? 0 : 1;
            }
        }
    }
}
