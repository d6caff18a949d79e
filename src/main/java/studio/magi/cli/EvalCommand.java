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
import studio.magi.engine.SamplerSettings;
import studio.magi.engine.magi.MagiModel;
import studio.magi.playground.AdherenceBreakdown;
import studio.magi.playground.Baseline;
import studio.magi.playground.ClipSource;
import studio.magi.playground.EvalReport;
import studio.magi.playground.EvalSuite;
import studio.magi.playground.PhysicsScores;
import studio.magi.playground.HeldOut;
import studio.magi.playground.SceneSampler;
import studio.magi.playground.Scores;
import studio.magi.playground.Split;
import studio.magi.playground.TruthScene;
import studio.magi.playground.World;

/** `./magi eval`: scores generated playground clips against the truth scenes of the same names. */
@Command(name = "eval",
        description = {"Scores generated playground clips against their scenes, beside baselines.",
            "Metrics as docs/PLAYGROUND.md defines them; baselines: the truth itself, the last prefix frame held, and the prefix's",
            "objects moved on at constant velocity. The first --prefix-chunks chunks of every clip are the given prefix; the rest",
            "is scored. Clips of another size than the truth are scored against the truth drawn at their size.",
            "Either --generated clips from files, or --model: the engine generates every scene (of --truth, or --scenes held-out",
            "scenes it samples) from its captions, continuing the truth's first --prefix-chunks chunks (0: text to video)."},
        mixinStandardHelpOptions = true)
public final class EvalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--truth", description = "Scene specs NAME.json, as `playground render` writes them.")
    Path truth;

    @Option(names = "--generated",
            description = "Generated clips NAME.mp4 (or .mov, .webm, .mkv, .avi, .m4v) or folders NAME/ of PNG frames, of any size.")
    Path generated;

    @CommandLine.Mixin
    SamplerOptions sampler;

    @CommandLine.ArgGroup(exclusive = false, heading = "Generating with a model:%n")
    ModelRun modelRun;

    static final class ModelRun {
        @Option(names = "--model", required = true, description = "A checkpoint folder (the built-in model is ckpt/nano).")
        Path folder;

        @Option(names = "--scenes", description = "Held-out scenes to sample when there is no --truth (default: ${DEFAULT-VALUE}).",
                defaultValue = "40")
        int scenes;

        @Option(names = "--chunks", description = "Chunks of each sampled scene (default: ${DEFAULT-VALUE}).", defaultValue = "4")
        int chunks;

        @Option(names = "--seed", description = "Seed of the scene sampler and of the generation (default: ${DEFAULT-VALUE}).",
                defaultValue = "1")
        long seed;

        @Option(names = "--fp8", description = "Use the checkpoint's fp8 weights.")
        boolean fp8;

        @Option(names = "--save", description = "Also write the scenes (NAME.json) and generated clips (NAME/ PNG frames) here.")
        Path save;
    }

    @Option(names = "--prefix-chunks", description = "Chunks of each clip that were given, not generated (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int prefixChunks;

    @Option(names = "--json", description = "Print the scores as JSON.")
    boolean json;

    @Override
    public void run() {
        Range.check("--prefix-chunks", prefixChunks, 0, PlaygroundRenderCommand.MAX_CHUNKS);
        if ((generated == null) == (modelRun == null)) {
            throw new UserError("give either --generated (clips on disk) or --model (generate them now)");
        }
        if (generated != null && truth == null) {
            throw new UserError("--generated needs --truth: the scenes the clips are scored against");
        }
        World world = World.standard();
        EvalReport report = generated != null ? scoreFiles(world) : scoreModel(world);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(report) : table(report));
        out.flush();
    }

    private EvalReport scoreFiles(World world) {
        if (sampler.steps != null || sampler.window != null || sampler.cfgNumber != null) {
            throw new UserError("--steps, --window and --cfg-number are for --model");
        }
        return score(world, ClipFolder.scenes(truth, world), ClipFolder.source(generated, world));
    }

    private EvalReport scoreModel(World world) {
        List<TruthScene> scenes = truth != null ? ClipFolder.scenes(truth, world) : sampleHeldOut(world);
        for (TruthScene s : scenes) {
            if (s.spec().chunks() <= prefixChunks) {
                throw new UserError(s.name() + ": " + s.spec().chunks() + " chunks, nothing left after --prefix-chunks "
                        + prefixChunks);
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        try (MagiModel model = ModelFolder.load(modelRun.folder, modelRun.fp8, ModelFolder.device(null), null, null)) {
            SamplerSettings settings = sampler.over(model.defaults()).withSeed(modelRun.seed);
            ProgressBar bar = new ProgressBar(err, prefixChunks == 0 ? "generating" : "continuing", scenes.size(), "scenes");
            ClipSource clips = new ModelClips(model, settings, world, scenes, bar);
            if (modelRun.save != null) {
                clips = new SavedClips(clips, modelRun.save);
            }
            EvalReport report = score(world, scenes, clips);
            bar.finish();
            return report;
        }
    }

    private List<TruthScene> sampleHeldOut(World world) {
        Range.check("--scenes", modelRun.scenes, 1, PlaygroundRenderCommand.MAX_SCENES);
        Range.check("--chunks", modelRun.chunks, 1, PlaygroundRenderCommand.MAX_CHUNKS);
        SceneSampler sampler = new SceneSampler(world, HeldOut.standard(), modelRun.seed);
        List<TruthScene> scenes = new ArrayList<>();
        for (int i = 0; i < modelRun.scenes; i++) {
            scenes.add(new TruthScene(String.format(Locale.ROOT, "scene-%04d", i), sampler.sample(modelRun.chunks, Split.HELDOUT)));
        }
        return scenes;
    }

    private EvalReport score(World world, List<TruthScene> scenes, ClipSource clips) {
        try {
            return new EvalSuite(world, prefixChunks).run(scenes, clips);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    static String json(EvalReport report) {
        Map<String, Object> root = scores(report.generated());
        Map<String, Object> baselines = new LinkedHashMap<>();
        for (Baseline b : Baseline.values()) {
            baselines.put(b.key(), report.baselines().containsKey(b) ? scores(report.baselines().get(b)) : null);
        }
        root.put("baselines", baselines);
        root.put("adherence_by", breakdown(report.generated().breakdown()));
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

    private static Map<String, Object> breakdown(AdherenceBreakdown b) {
        Map<String, Object> out = new LinkedHashMap<>();
        b.byAttribute().forEach((attribute, groups) -> {
            Map<String, Object> values = new LinkedHashMap<>();
            groups.forEach((value, g) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("chunks", g.chunks());
                m.put("adherence", g.adherence());
                m.put("color", g.colorRight());
                m.put("shape", g.shapeRight());
                m.put("motion", g.motionRight());
                values.put(value, m);
            });
            out.put(attribute, values);
        });
        return out;
    }

    private static Map<String, Object> scores(Scores s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("adherence", s.adherence());
        m.put("chunk_prompt_control", s.chunkPromptControl());
        m.put("scene_consistency", s.sceneConsistency());
        m.put("motion_naturalness", s.motionNaturalness());
        Map<String, Object> facets = new LinkedHashMap<>();
        facets.put("background", s.backgroundRight());
        facets.put("object_count", s.objectCountRight());
        facets.put("color", s.colorRight());
        facets.put("shape", s.shapeRight());
        facets.put("motion", s.motionRight());
        m.put("adherence_parts", facets);
        m.put("motion_travel", s.travel());
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
        row(out, columns, "  background", s -> percent(s.backgroundRight()));
        row(out, columns, "  objects, as many", s -> percent(s.objectCountRight()));
        row(out, columns, "  colour", s -> percent(s.colorRight()));
        row(out, columns, "  shape", s -> percent(s.shapeRight()));
        row(out, columns, "  motion", s -> percent(s.motionRight()));
        row(out, columns, "  travel, of the truth's", s -> number(s.travel(), "%.2f"));
        row(out, columns, "chunk-prompt control", s -> percent(s.chunkPromptControl()));
        row(out, columns, "scene consistency", s -> percent(s.sceneConsistency()));
        row(out, columns, "motion naturalness", s -> percent(s.motionNaturalness()));
        row(out, columns, "spatial IoU", s -> number(s.physics() == null ? null : s.physics().spatialIou(), "%.3f"));
        row(out, columns, "spatiotemporal IoU", s -> number(s.physics() == null ? null : s.physics().spatiotemporalIou(), "%.3f"));
        row(out, columns, "weighted spatial IoU", s -> number(s.physics() == null ? null : s.physics().weightedSpatialIou(), "%.3f"));
        row(out, columns, "MSE", s -> number(s.physics() == null ? null : s.physics().mse(), "%.4f"));
        out.append(String.format(Locale.ROOT, "%n%-24s %6s %10s %8s %8s %8s%n", "generated, by what was asked", "chunks",
                "adherence", "colour", "shape", "motion"));
        g.breakdown().byAttribute().forEach((attribute, groups) -> {
            out.append(attribute.replace('_', ' ')).append('\n');
            groups.forEach((value, group) -> out.append(String.format(Locale.ROOT, "  %-22s %6d %10s %8s %8s %8s%n",
                    value.replace('_', ' '), group.chunks(), percent(group.adherence()), percent(group.colorRight()),
                    percent(group.shapeRight()), percent(group.motionRight()))));
        });
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
