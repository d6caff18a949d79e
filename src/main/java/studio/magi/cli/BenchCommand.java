package studio.magi.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.magi.engine.ChunkPipeline;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;
import studio.magi.engine.SamplerSettings;
import studio.magi.engine.SelfCheck;
import studio.magi.engine.magi.MagiConfig;
import studio.magi.engine.magi.MagiModel;

/** `./magi bench`: the engine's speed, latency and memory on this machine, beside the Python sampler's speed. */
@Command(name = "bench",
        description = {"Measures the engine on text-to-video chunks: frames generated per second, the first chunk's latency,",
            "the median time per chunk, the time over the Python reference sampler's for the same model and work (when",
            "/usr/bin/python3 has torch), peak resident memory for 10 and 60 chunks (each in a child JVM), the KV cache's",
            "speedup over recomputing the history every step, the fp8 checkpoint's size over the fp32 one, the VAE's",
            "median time to decode a chunk, and the kernel paths the load-time self-check chose on this CPU."},
        mixinStandardHelpOptions = true)
public final class BenchCommand implements Runnable {
    /**
     * The memory probes' Java heap. DJL leaves a few MB of garbage per chunk on the heap; an unbounded young
     * generation would let that garbage, not the engine's state, set the peak. A fixed young generation shows what
     * the engine keeps.
     */
    static final int CHILD_HEAP_MB = 256;
    static final int CHILD_YOUNG_MB = 24;
    private static final int DECODES = 31;
    private static final double MAX_WARMUP_SECONDS = 3600;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "The checkpoint folder (default: the built-in ckpt/nano).")
    Path model;

    @Option(names = "--chunks", description = "Chunks per timed run (default: ${DEFAULT-VALUE}).", defaultValue = "12")
    int chunks;

    @CommandLine.Mixin
    SamplerOptions sampler;

    @Option(names = "--threads", description = "CPU threads (default: half the cores).")
    Integer threads;

    @Option(names = "--memory-chunks", split = ",", description = "Video lengths whose peak memory is measured (default: ${DEFAULT-VALUE}).",
            defaultValue = "10,60")
    List<Integer> memoryChunks;

    @Option(names = "--warmup", description = {"Seconds of chunks generated before measuring (default: ${DEFAULT-VALUE}): a fresh JVM",
        "compiles the hot code for its first seconds, and on a small machine the compiler takes CPU from the engine."},
            defaultValue = "10")
    double warmup;

    @Option(names = "--skip-python", description = "Do not run the Python sampler (java_vs_pytorch is then null).")
    boolean skipPython;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public void run() {
        Range.check("--chunks", chunks, 2, GenerateCommand.MAX_CHUNKS);
        for (int n : memoryChunks) {
            Range.check("--memory-chunks", n, 1, GenerateCommand.MAX_CHUNKS);
        }
        if (!(warmup >= 0 && warmup <= MAX_WARMUP_SECONDS)) {
            throw new UserError("--warmup must be from 0 to " + MAX_WARMUP_SECONDS + " seconds, got " + warmup);
        }
        if (threads != null) {
            Compute.useThreads(Range.check("--threads", threads, 1, GenerateCommand.MAX_THREADS));
        }
        PrintWriter err = spec.commandLine().getErr();
        Path folder = (model != null ? model : ModelFolder.builtIn()).toAbsolutePath();
        Map<String, Object> result = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        SamplerSettings settings;
        EngineRun cached;
        EngineRun recomputed;
        try (MagiModel m = ModelFolder.load(folder, false, DeviceName.CPU, null, null)) {
            settings = sampler.over(m.defaults());
            ChunkPipeline pipeline = new ChunkPipeline(m);
            err.println("magi bench: warming up (" + warmup + " s)");
            EngineRun cold = EngineRun.time(pipeline, settings, 2);
            long until = System.nanoTime() + (long) (warmup * 1e9);
            while (System.nanoTime() < until) {
                EngineRun.time(pipeline, settings, 2);
            }
            err.println("magi bench: " + chunks + " chunks with the KV cache");
            cached = EngineRun.time(pipeline, settings, chunks);
            err.println("magi bench: " + chunks + " chunks recomputing the history every step");
            recomputed = EngineRun.time(ChunkPipeline.recomputingHistory(m), settings, chunks);
            result.put("fps", round(cached.framesPerSecond(m.chunkShape().frames()), 1));
            result.put("first_chunk_ms", round(cached.firstChunkMs(), 1));
            result.put("chunk_ms", round(cached.medianChunkMs(), 1));
            result.put("first_chunk_ms_cold", round(cold.firstChunkMs(), 1));
            result.put("vae_decode_ms", round(m.medianDecodeMillis(DECODES), 2));
            Double python = skipPython ? null : pythonSeconds(folder, settings, notes, err);
            result.put("java_vs_pytorch", python == null ? null : round(cached.seconds() / python, 3));
            for (int n : memoryChunks) {
                err.println("magi bench: peak memory for " + n + " chunks (child JVM)");
                result.put("memory_mb_" + n, round(childPeakMegabytes(folder, n, settings), 1));
            }
            result.put("kv_cache_speedup", round(recomputed.seconds() / cached.seconds(), 3));
            result.put("fp8_size_ratio", round(fp8SizeRatio(m.config()), 3));
            result.put("threads", Compute.threads());
            result.put("kernels", kernels(m.selfCheck()));
            Map<String, Object> work = new LinkedHashMap<>();
            work.put("chunks", chunks);
            work.put("steps", settings.steps());
            work.put("window", settings.window());
            work.put("cfg_number", settings.cfgNumber());
            work.put("java_seconds", round(cached.seconds(), 3));
            work.put("pytorch_seconds", python == null ? null : round(python, 3));
            work.put("recomputing_seconds", round(recomputed.seconds(), 3));
            work.put("cores", Runtime.getRuntime().availableProcessors());
            result.put("work", work);
            if (!notes.isEmpty()) {
                result.put("notes", notes);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(result) : table(result));
        out.flush();
    }

    /** Which kernel path each part runs on, and what the load-time self-check found, on which CPU. */
    private static Map<String, Object> kernels(SelfCheck check) {
        Map<String, Object> out = new LinkedHashMap<>(new TreeMap<>(check.paths()));
        out.put("self_check", check.skipped() == null ? "passed" : "not checked: " + check.skipped());
        out.put("self_check_ms", round(check.millis(), 1));
        out.put("rejected", check.rejected());
        out.put("cpu", check.cpu());
        return out;
    }

    /** The Python sampler's seconds for the same chunks, or null (with a note saying why). */
    private Double pythonSeconds(Path folder, SamplerSettings s, List<String> notes, PrintWriter err) {
        Path training = Path.of(System.getProperty("magi.home", ".")).resolve("training");
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isRegularFile(training.resolve("magi_nano").resolve("bench.py")) || !Files.isExecutable(python)) {
            notes.add("java_vs_pytorch: no training/magi_nano or /usr/bin/python3 here");
            return null;
        }
        err.println("magi bench: the Python sampler on the same chunks");
        List<String> command = List.of(python.toString(), "-m", "magi_nano.bench", "--ckpt", folder.toString(),
                "--chunks", Integer.toString(chunks), "--steps", Integer.toString(s.steps()), "--window",
                Integer.toString(s.window()), "--cfg-number", Integer.toString(s.cfgNumber()), "--threads",
                Integer.toString(Compute.threads()));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(training.toFile()).redirectErrorStream(true);
            // Debian's torch multiplies with OpenBLAS, whose threads torch.set_num_threads does not bound
            builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(Compute.threads()));
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                notes.add("java_vs_pytorch: the Python sampler failed: " + lastLine(output));
                return null;
            }
            JsonNode line = new ObjectMapper().readTree(lastLine(output));
            return line.get("seconds").asDouble();
        } catch (IOException | RuntimeException e) {
            notes.add("java_vs_pytorch: the Python sampler did not run (" + e.getMessage() + ")");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    private double childPeakMegabytes(Path folder, int n, SamplerSettings s) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + CHILD_HEAP_MB + "m", "-Xmn" + CHILD_YOUNG_MB + "m",
                "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName(), folder.toString(),
                Integer.toString(n), Integer.toString(s.steps()), Integer.toString(s.window()),
                Integer.toString(s.cfgNumber()), Integer.toString(Compute.threads())));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new UserError("the memory probe for " + n + " chunks failed: " + lastLine(output));
            }
            return Double.parseDouble(lastLine(output));
        } catch (IOException e) {
            throw new UserError("cannot start a child JVM for the memory probe (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
    }

    private static double fp8SizeRatio(MagiConfig c) {
        return (double) size(c.folder(), c.fp8WeightsFile()) / size(c.folder(), c.weightsFile());
    }

    /** Bytes of a weights file, or of all its shards. */
    private static long size(Path folder, String name) {
        try {
            Path single = folder.resolve(name);
            if (Files.isRegularFile(single)) {
                return Files.size(single);
            }
            JsonNode map = new ObjectMapper().readTree(Files.readString(folder.resolve(name + ".index.json"))).get("weight_map");
            long total = 0;
            java.util.Set<String> shards = new java.util.TreeSet<>();
            map.forEach(v -> shards.add(v.asText()));
            for (String shard : shards) {
                total += Files.size(folder.resolve(shard));
            }
            return total;
        } catch (IOException | RuntimeException e) {
            throw new UserError(folder.resolve(name) + ": cannot tell its size (" + e.getMessage() + ")");
        }
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static String json(Map<String, Object> result) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bench figures always serialise", e);
        }
    }

    private static String table(Map<String, Object> result) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> e : result.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> nested) {
                nested.forEach((k, v) -> out.append(String.format(Locale.ROOT, "%-20s %s%n", k, v)));
            } else {
                out.append(String.format(Locale.ROOT, "%-20s %s%n", e.getKey(), e.getValue() == null ? "n/a" : e.getValue()));
            }
        }
        return out.toString();
    }
}
