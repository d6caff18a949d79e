package studio.magi.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.magi.media.Clip;
import studio.magi.playground.HeldOut;
import studio.magi.playground.Renderer;
import studio.magi.playground.SceneSampler;
import studio.magi.playground.SceneSpec;
import studio.magi.playground.Simulator;
import studio.magi.playground.Split;
import studio.magi.playground.World;

/** `./magi playground render`: samples scenes and writes, per scene, its clip and its spec with captions. */
@Command(name = "render",
        description = {"Samples playground scenes and writes their clips, specs and captions.",
            "Per scene NAME: NAME.mp4 (H.264, 24 fps) or a folder NAME/ of PNG frames, and NAME.json, the scene spec with the",
            "per-chunk captions."},
        mixinStandardHelpOptions = true)
public final class PlaygroundRenderCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenes", description = "How many scenes (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int scenes;

    @Option(names = "--chunks", description = "Chunks of 24 frames per scene (default: ${DEFAULT-VALUE}).", defaultValue = "4")
    int chunks;

    @Option(names = "--seed", description = "Seed of the scene sampler; the same seed gives the same scenes (default: ${DEFAULT-VALUE}).",
            defaultValue = "0")
    long seed;

    @Option(names = "--split", description = "heldout: the first chunk shows a held-out combination; train: no chunk does (default: ${DEFAULT-VALUE}).",
            defaultValue = "heldout")
    String split;

    @Option(names = "--out", required = true, description = "A new or empty folder.")
    Path out;

    @Option(names = "--size", description = "Width and height in pixels (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int size;

    @Option(names = "--format", description = "mp4 or png (default: ${DEFAULT-VALUE}).", defaultValue = "mp4")
    String format;

    /** The most scenes one run samples (their specs are held together). */
    static final int MAX_SCENES = 100_000;
    /** The most chunks of a scene (its clip is held whole). */
    static final int MAX_CHUNKS = 10_000;

    @Override
    public void run() {
        Split chosen = parseSplit(split);
        Range.check("--scenes", scenes, 1, MAX_SCENES);
        Range.check("--chunks", chunks, 1, MAX_CHUNKS);
        World world = World.standard();
        int parallel = Math.max(1, Math.min(scenes, Runtime.getRuntime().availableProcessors()));
        ClipSize.check(format, size, (long) chunks * world.chunkFrames(), parallel);
        ClipFolder.prepareOutput(out);
        long started = System.nanoTime();
        SceneSampler sampler = new SceneSampler(world, HeldOut.standard(), seed);
        List<SceneSpec> specs = new ArrayList<>();
        for (int i = 0; i < scenes; i++) {
            specs.add(sampler.sample(chunks, chosen));
        }
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, "rendering", scenes, "scenes");
        Simulator simulator = new Simulator(world);
        Renderer renderer = new Renderer(world);
        String digits = "%0" + Math.max(4, Integer.toString(scenes - 1).length()) + "d";
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < scenes; i++) {
                String name = "scene-" + String.format(Locale.ROOT, digits, i);
                SceneSpec scene = specs.get(i);
                jobs.add(pool.submit(() -> {
                    Clip clip = renderer.render(simulator.run(scene), size, size);
                    ClipFolder.write(clip, out, name, format);
                    try {
                        scene.write(out.resolve(name + ".json"));
                    } catch (IOException e) {
                        throw new UserError(out.resolve(name + ".json") + ": cannot write (" + e.getMessage() + ")");
                    }
                    bar.step();
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        } catch (ExecutionException e) {
            bar.finish();
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        bar.finish();
        err.printf(Locale.ROOT, "%d %s scenes of %d chunks, %dx%d %s, in %s (%.1f s)%n", scenes, chosen.name().toLowerCase(Locale.ROOT),
                chunks, size, size, format, out, (System.nanoTime() - started) / 1e9);
        err.flush();
    }

    static Split parseSplit(String split) {
        return switch (split) {
            case "train" -> Split.TRAIN;
            case "heldout" -> Split.HELDOUT;
            default -> throw new UserError("--split must be train or heldout, got " + split);
        };
    }
}
