package studio.magi.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ./magi bench-studio}: the studio window rendering and playing, measured (needs a display; Xvfb will do). */
@Command(name = "bench-studio", mixinStandardHelpOptions = true,
        description = {"Opens the studio on a new project of --chunks chunks, presses Render and starts playback at once,",
            "and measures the time from Render to the first frame in the preview, every gap between JavaFX pulses and",
            "the CPU time of the FX and renderer threads until the last chunk has landed; then plays the rendered film",
            "for ten seconds and measures the CPU time per frame. Prints JSON. Needs a display (run it under xvfb-run on",
            "a server)."})
final class StudioBenchCommand implements Runnable {
    @ParentCommand
    MagiCommand parent;

    @Option(names = "--chunks", defaultValue = "20", description = "Chunks to render (default: ${DEFAULT-VALUE}).")
    int chunks;

    @Option(names = "--model", description = "The checkpoint folder (default: the built-in ckpt/nano).")
    Path model;

    @Override
    public void run() {
        Range.check("--chunks", chunks, 1, GenerateCommand.MAX_CHUNKS);
        try {
            Map<String, Object> figures = parent.studio().benchmark(chunks, model == null ? ModelFolder.builtIn() : model);
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(figures));
        } catch (UserError e) {
            throw e;
        } catch (Exception e) {
            throw new UserError("the studio benchmark failed: " + e.getMessage(), e);
        }
    }
}
