package studio.magi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.magi.playground.Corruption;
import studio.magi.playground.Simulator;
import studio.magi.playground.TruthScene;
import studio.magi.playground.World;

/** `./magi playground corrupt`: deliberately wrong clips of rendered scenes, to show the metrics can fail. */
@Command(name = "corrupt",
        description = {"Writes deliberately wrong clips of rendered scenes, to show that eval can fail.",
            "For every scene spec NAME.json of --truth, a clip NAME of the kind asked: noise (random pixels), color (objects in other",
            "colours), shape (circle->square->triangle->circle), background (black->white->gray->black), frozen (the first frame",
            "held) or jump (every other chunk shifted a quarter of the frame)."},
        mixinStandardHelpOptions = true)
public final class PlaygroundCorruptCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--truth", required = true, description = "A folder of scene specs, as `playground render` writes it.")
    Path truth;

    @Option(names = "--kind", required = true, description = "noise, color, shape, background, frozen or jump.")
    String kind;

    @Option(names = "--out", required = true, description = "A new or empty folder.")
    Path out;

    @Option(names = "--size", description = "Width and height in pixels (default: ${DEFAULT-VALUE}).", defaultValue = "64")
    int size;

    @Option(names = "--format", description = "mp4 or png (default: ${DEFAULT-VALUE}).", defaultValue = "mp4")
    String format;

    @Option(names = "--seed", description = "Seed of the noise (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Override
    public void run() {
        Corruption corruption;
        try {
            corruption = Corruption.of(kind);
        } catch (IllegalArgumentException e) {
            throw new UserError("--kind must be noise, color, shape, background, frozen or jump, got " + kind);
        }
        World world = World.standard();
        List<TruthScene> scenes = ClipFolder.scenes(truth, world);
        long longest = scenes.stream().mapToLong(s -> s.spec().chunks()).max().orElse(1) * world.chunkFrames();
        ClipSize.check(format, size, longest, 1);
        ClipFolder.prepareOutput(out);
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, corruption.word(), scenes.size(), "scenes");
        Simulator simulator = new Simulator(world);
        for (int i = 0; i < scenes.size(); i++) {
            TruthScene scene = scenes.get(i);
            ClipFolder.write(corruption.apply(simulator.run(scene.spec()), world, size, size, seed + i), out, scene.name(), format);
            bar.step();
        }
        bar.finish();
        err.printf(Locale.ROOT, "%d %s clips, %dx%d %s, in %s%n", scenes.size(), corruption.word(), size, size, format, out);
        err.flush();
    }
}
