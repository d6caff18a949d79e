package studio.magi.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.magi.playground.Baseline;
import studio.magi.playground.EvalReport;
import studio.magi.playground.EvalSuite;
import studio.magi.playground.PhysicsScores;
import studio.magi.playground.Scores;
import studio.magi.playground.TruthScene;
import studio.magi.playground.World;

/** `./magi eval`: scores generated playground clips against the truth scenes of the same names. */
@Command(name = "eval",
        description = {"Scores generated playground clips against their scenes, beside baselines.",
            "Metrics as docs/PLAYGROUND.md defines them; baselines: the truth itself, the last prefix frame held, and the prefix's",
            "objects moved on at constant velocity. The first --prefix-chunks chunks of every clip are the given prefix; the rest",
            "is scored. Clips of another size than the truth are scored against the truth drawn at their size."},
        mixinStandardHelpOptions = true)
public final class EvalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--truth", required = true, description = "Scene specs NAME.json, as `playground render` writes them.")
    Path truth;

    @Option(names = "--generated", required = true,
            description = "Generated clips NAME.mp4 (or .mov, .webm, .mkv, .avi, .m4v) or folders NAME/ of PNG frames, of any size.")
    Path generated;

    @Option(names = "--prefix-chunks", description = "Chunks of each clip that were given, not generated (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int prefixChunks;

    @Option(names = "--json", description = "Print the scores as JSON.")
    boolean json;

    @Override
    public void run() {
        if (prefixChunks < 0) {
            throw new UserError("--prefix-chunks cannot be negative, got " + prefixChunks);
        }
        World world = World.standard();
        List<TruthScene> scenes = ClipFolder.scenes(truth, world);
        EvalReport report;
        try {
            report = new EvalSuite(world, prefixChunks).run(scenes, ClipFolder.source(generated, world));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(report) : table(report));
        out.flush();
    }

    static String json(EvalReport report) {
        Map<String, Object> root = scores(report.generated());
        Map<String, Object> baselines = new LinkedHashMap<>();
        for (Baseline b : Baseline.values()) {
            baselines.put(b.key(), report.baselines().containsKey(b) ? scores(report.baselines().get(b)) : null);
        }
        root.put("baselines", baselines);
        Map<String, Object> scored = new LinkedHashMap<>();
        scored.put("clips", report.generated().clips());
        scored.put("prefix_chunks", report.prefixChunks());
        scored.put("chunks", report.generated().chunks());
        scored.put("prompt_changes", report.generated().events());
        scored.put("boundaries", report.generated().boundaries());
        root.put("scored", scored);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("scores always serialise", e);
        }
    }

    private static Map<String, Object> scores(Scores s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("adherence", s.adherence());
        m.put("chunk_prompt_control", s.chunkPromptControl());
        m.put("scene_consistency", s.sceneConsistency());
        m.put("motion_naturalness", s.motionNaturalness());
        PhysicsScores p = s.physics();
        Map<String, Object> physics = new LinkedHashMap<>();
        physics.put("spatial_iou", p == null ? null : p.spatialIou());
        physics.put("spatiotemporal_iou", p == null ? null : p.spatiotemporalIou());
        physics.put("weighted_spatial_iou", p == null ? null : p.weightedSpatialIou());
        physics.put("mse", p == null ? null : p.mse());
        m.put("physics", physics);
        return m;
    }

    static String table(EvalReport report) {
        Scores g = report.generated();
        List<Scores> columns = new ArrayList<>(List.of(g));
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-24s %10s", "metric", "generated"));
        for (Baseline b : Baseline.values()) {
            if (report.baselines().containsKey(b)) {
                columns.add(report.baselines().get(b));
                head.append(String.format(Locale.ROOT, " %17s", b.key()));
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d clips, first %d chunks given: scored %d chunks, %d prompt changes, %d boundaries without one%n%n",
                g.clips(), report.prefixChunks(), g.chunks(), g.events(), g.boundaries()));
        out.append(head).append('\n');
        row(out, columns, "instruction adherence", s -> percent(s.adherence()));
        row(out, columns, "chunk-prompt control", s -> percent(s.chunkPromptControl()));
        row(out, columns, "scene consistency", s -> percent(s.sceneConsistency()));
        row(out, columns, "motion naturalness", s -> percent(s.motionNaturalness()));
        row(out, columns, "spatial IoU", s -> number(s.physics() == null ? null : s.physics().spatialIou(), "%.3f"));
        row(out, columns, "spatiotemporal IoU", s -> number(s.physics() == null ? null : s.physics().spatiotemporalIou(), "%.3f"));
        row(out, columns, "weighted spatial IoU", s -> number(s.physics() == null ? null : s.physics().weightedSpatialIou(), "%.3f"));
        row(out, columns, "MSE", s -> number(s.physics() == null ? null : s.physics().mse(), "%.4f"));
        return out.toString();
    }

    private static void row(StringBuilder out, List<Scores> columns, String name, Function<Scores, String> cell) {
        out.append(String.format(Locale.ROOT, "%-24s %10s", name, cell.apply(columns.get(0))));
        for (int i = 1; i < columns.size(); i++) {
            out.append(String.format(Locale.ROOT, " %17s", cell.apply(columns.get(i))));
        }
        out.append('\n');
    }

    private static String percent(Double share) {
        return share == null ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }

    private static String number(Double value, String format) {
        return value == null ? "n/a" : String.format(Locale.ROOT, format, value);
    }
}
