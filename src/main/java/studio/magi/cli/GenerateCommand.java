package studio.magi.cli;

import static java.util.Objects.requireNonNullElse;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import studio.magi.engine.ChunkListener;
import studio.magi.engine.ChunkPipeline;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;
import studio.magi.engine.Frames;
import studio.magi.engine.GeneratedChunk;
import studio.magi.engine.GenerationRequest;
import studio.magi.engine.Guidance;
import studio.magi.engine.SamplerSettings;
import studio.magi.engine.Start;
import studio.magi.engine.VideoModel;
import studio.magi.engine.magi.MagiModel;
import studio.magi.engine.magi.ReferenceModel;
import studio.magi.media.Clip;
import studio.magi.media.ClipReader;
import studio.magi.media.Frame;
import studio.magi.media.ImageFile;
import studio.magi.media.MediaException;

/** `./magi generate`: renders a video chunk by chunk with the engine, streaming frames to disk as chunks finish. */
@Command(name = "generate",
        description = {"Generates a video, one chunk (a second, 24 frames) after the other, each continuing the ones before.",
            "t2v starts from the prompt alone, i2v from a picture (its first frames), v2v continues a video (as much of",
            "its end as the model's context holds). Every chunk has a prompt; the last --prompt carries on to the end.",
            "Flags win over --config; --config wins over the checkpoint's own settings. Sizes: the model renders at its",
            "own size (32x32 for the built-in model); pictures and videos of any size are cropped to its shape and scaled;",
            "asking another video_size_h/w is refused."},
        mixinStandardHelpOptions = true)
public final class GenerateCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--mode", description = "t2v, i2v or v2v (default: t2v).")
    String mode;

    @Option(names = "--prompt", description = "The prompt of the next chunk; repeat it, one per chunk. The last carries on.")
    List<String> prompts;

    @Option(names = "--chunks", description = "Chunks to generate (default: from num_frames, else the prompts, at least the checkpoint's num_frames).")
    Integer chunks;

    @Option(names = {"--image_path", "--image-path"}, description = "i2v: the picture (PNG, JPEG...) the video starts from.")
    Path imagePath;

    @Option(names = {"--prefix_video_path", "--prefix-video-path"},
            description = "v2v: the video (MP4, MOV, WebM... or a folder of PNG frames) to continue.")
    Path prefixVideoPath;

    @Option(names = {"--output", "--output_path"},
            description = "The MP4 to write (H.264, 24 fps), encoded as the chunks arrive, under a hidden name until the video is complete.")
    Path output;

    @Option(names = {"--frames-dir", "--frames_dir"},
            description = "A new folder for PNG frames, written as each chunk arrives (into DIR.part until the video is complete).")
    Path framesDir;

    @Option(names = "--seed", description = "Chunk i starts from the noise of seed + i (default: the checkpoint's seed).")
    Long seed;

    @CommandLine.Mixin
    SamplerOptions sampler;

    @Option(names = "--fp8", description = "Use the checkpoint's fp8 weights (dequantized on load).")
    Boolean fp8;

    @Option(names = "--config", description = "A JSON file with these fields and the MAGI reference's runtime_config names.")
    Path config;

    @Option(names = "--model", description = "The checkpoint folder (default: the built-in ckpt/nano).")
    Path model;

    @Option(names = "--device", description = "cpu, gpu or gpuN (default: the first GPU DJL finds, else the CPU; only the CPU is tested).")
    String device;

    @Option(names = "--threads", description = "CPU threads for the model (default: half the cores).")
    Integer threads;

    /** The most chunks one generate makes: some eleven days of video, far more than any film, still counted in an int. */
    static final int MAX_CHUNKS = 1_000_000;
    /** The most CPU threads asked of the model. */
    static final int MAX_THREADS = 1024;

    private GenerateConfigFile file;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        file = config == null ? GenerateConfigFile.none() : GenerateConfigFile.read(config);
        if (!file.ignored().isEmpty()) {
            err.println("magi: note: " + config + ": not used by generate: " + String.join(", ", file.ignored()));
        }
        String chosenMode = pick(mode, "mode", file::text, "t2v").toLowerCase(Locale.ROOT);
        if (!List.of("t2v", "i2v", "v2v").contains(chosenMode)) {
            throw new UserError("--mode must be t2v, i2v or v2v, got " + chosenMode);
        }
        Path image = pick(imagePath, "image_path", file::path, null);
        Path prefix = pick(prefixVideoPath, "prefix_video_path", file::path, null);
        checkInputs(chosenMode, image, prefix);
        Path mp4 = pick(output, "output", file::path, null);
        Path frames = pick(framesDir, "frames_dir", file::path, null);
        if (mp4 == null && frames == null) {
            throw new UserError("say where the video goes: --output FILE.mp4 and/or --frames-dir DIR");
        }
        if (mp4 != null) {
            OutputPath.file(mp4);
        }
        if (frames != null) {
            FrameFolder.check(frames);
            OutputPath.folder(frames);
        }
        List<String> given = prompts != null ? prompts : file.has("prompt") ? file.texts("prompt") : List.of();
        if (given.isEmpty()) {
            throw new UserError("give at least one --prompt");
        }
        Integer asked = chunks != null ? Integer.valueOf(Range.check("--chunks", chunks, 1, MAX_CHUNKS))
                : file.has("chunks") ? Integer.valueOf((int) file.whole("chunks", 1, MAX_CHUNKS)) : null;
        long numFrames = file.has("num_frames") ? file.whole("num_frames", 1, Integer.MAX_VALUE) : 0;
        Integer workers = pick(threads, "threads", file::integer, null);
        if (workers != null) {
            Range.check("--threads", workers, 1, MAX_THREADS);
        }
        UnaryOperator<SamplerSettings> sampling = sampling();
        Frames picture = image == null ? null : readImage(image);
        Clip prefixClip = prefix == null ? null : readVideo(prefix, err);
        if (workers != null) {
            Compute.useThreads(workers);
        }
        DeviceName chosenDevice = ModelFolder.device(pick(device, "device", file::text, null));
        Path folder = pick(model, "model", file::path, ModelFolder.builtIn());
        boolean useFp8 = pick(fp8, "fp8", file::flag, false);
        java.util.Optional<Path> reference = ReferenceModel.configOf(folder);
        if (reference.isPresent()) {
            if (useFp8) {
                throw new UserError("--fp8: a MAGI-1 reference checkpoint's precision is its config's (engine_config.fp8_quant)");
            }
            try (ReferenceModel m = ModelFolder.loadReference(reference.get(), chosenDevice)) {
                checkSizes(m.chunkShape(), m.config().runtime().fps());
                int n = chunkCount(asked, numFrames, given.size(), m.chunkShape().frames(), m.config().runtime().numFrames());
                Start start = start(picture, prefix, prefixClip, m.chunkShape());
                render(m, GenerationRequest.of(perChunk(given, n), sampling.apply(m.defaults()), start), mp4, frames, out, err);
            }
            return;
        }
        try (MagiModel m = ModelFolder.load(folder, useFp8, chosenDevice, pick(null, "t5_pretrained", file::path, null),
                pick(null, "vae_pretrained", file::path, null))) {
            checkSizes(m.chunkShape(), m.config().runtime().fps());
            int n = chunkCount(asked, numFrames, given.size(), m.chunkShape().frames(), m.config().runtime().numFrames());
            PromptWarnings.print(m, given, err);
            SamplerSettings settings = sampling.apply(m.defaults());
            Start start = start(picture, prefix, prefixClip, m.chunkShape());
            render(m, GenerationRequest.of(perChunk(given, n), settings, start), mp4, frames, out, err);
        }
    }

    private interface Reader<T> {
        T read(String name);
    }

    /** The flag if given, else the config file's field, else the fallback. */
    private <T> T pick(T flag, String name, Reader<T> fromFile, T fallback) {
        if (flag != null) {
            return flag;
        }
        return file.has(name) ? fromFile.read(name) : fallback;
    }

    private static void checkInputs(String mode, Path image, Path prefix) {
        if (mode.equals("i2v") && image == null) {
            throw new UserError("--mode i2v needs --image_path");
        }
        if (mode.equals("v2v") && prefix == null) {
            throw new UserError("--mode v2v needs --prefix_video_path");
        }
        if (image != null && !mode.equals("i2v")) {
            throw new UserError("--image_path is for --mode i2v (the mode is " + mode + ")");
        }
        if (prefix != null && !mode.equals("v2v")) {
            throw new UserError("--prefix_video_path is for --mode v2v (the mode is " + mode + ")");
        }
    }

    private void checkSizes(ChunkShape shape, int fps) {
        boolean h = file.has("video_size_h") && file.whole("video_size_h") != shape.height();
        boolean w = file.has("video_size_w") && file.whole("video_size_w") != shape.width();
        if (h || w) {
            throw new UserError(config + ": video_size_h/video_size_w ask for another size; this model renders "
                    + shape.width() + "x" + shape.height() + " only (its VAE's size): leave them out or set them to "
                    + shape.height() + " and " + shape.width());
        }
        if (file.has("fps") && file.number("fps") != fps) {
            throw new UserError(config + ": fps " + file.number("fps") + ": this model makes " + fps + " frames a second");
        }
    }

    /** The given prompts, one per chunk, the last repeated. */
    private static List<String> perChunk(List<String> given, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(given.get(Math.min(i, given.size() - 1)));
        }
        return out;
    }

    private int chunkCount(Integer asked, long numFrames, int promptCount, int perChunk, int defaultFrames) {
        if (asked != null) {
            return asked;
        }
        if (numFrames > 0) {
            long n = (numFrames + perChunk - 1) / perChunk;
            if (n > MAX_CHUNKS) {
                throw new UserError(config + ": num_frames " + numFrames + " is " + n + " chunks of " + perChunk
                        + " frames; generate makes at most " + MAX_CHUNKS);
            }
            if (numFrames % perChunk != 0) {
                spec.commandLine().getErr().println("magi: note: num_frames " + numFrames + " is not whole chunks of " + perChunk
                        + " frames: generating " + n + " chunks (" + n * perChunk + " frames)");
            }
            return (int) n;
        }
        return Math.max(promptCount, defaultFrames / perChunk);
    }

    /**
     * The sampler's fields from the flags and the file, read (and so checked) now, before the model loads; the
     * checkpoint's defaults fill in the rest once it has.
     */
    private UnaryOperator<SamplerSettings> sampling() {
        Integer steps = pick(sampler.steps, "steps", file::integer, null);
        Integer window = pick(sampler.window, "window", file::integer, null);
        Integer cfgNumber = pick(sampler.cfgNumber, "cfg_number", file::integer, null);
        Long chosenSeed = pick(seed, "seed", file::whole, null);
        Double shift = pick(null, "t_schedule_shift", file::number, null);
        List<Integer> kv = pick(null, "noise2clean_kvrange", file::integers, null);
        List<Double> range = pick(null, "cfg_t_range", file::numbers, null);
        List<Double> text = pick(null, "text_scales", file::numbers, null);
        List<Double> history = pick(null, "prev_chunk_scales", file::numbers, null);
        return defaults -> {
            Guidance g = defaults.guidance();
            try {
                return new SamplerSettings(requireNonNullElse(steps, defaults.steps()),
                        requireNonNullElse(window, defaults.window()), requireNonNullElse(cfgNumber, defaults.cfgNumber()),
                        requireNonNullElse(chosenSeed, defaults.seed()), requireNonNullElse(shift, defaults.shift()),
                        requireNonNullElse(kv, defaults.kvRanges()), new Guidance(requireNonNullElse(range, g.tRange()),
                                requireNonNullElse(text, g.textScales()), requireNonNullElse(history, g.historyScales())));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        };
    }

    private static Frames readImage(Path image) {
        try {
            return EngineFrames.of(List.of(ImageFile.read(image)));
        } catch (MediaException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private static Clip readVideo(Path prefix, PrintWriter err) {
        Clip clip;
        try {
            clip = ClipReader.read(prefix);
        } catch (MediaException e) {
            throw new UserError(e.getMessage(), e);
        }
        if (Math.abs(clip.fps() - 24) > 0.01) {
            err.println("magi: note: " + prefix + " plays at " + String.format(Locale.ROOT, "%.2f", clip.fps())
                    + " fps; its frames are taken as they are, one per 1/24 s");
        }
        return clip;
    }

    private static Start start(Frames picture, Path prefix, Clip prefixClip, ChunkShape shape) {
        if (picture != null) {
            return new Start.Image(picture);
        }
        if (prefixClip != null) {
            if (prefixClip.size() < shape.framesPerLatent()) {
                throw new UserError(prefix + ": the video has " + prefixClip.size() + " frames; continuing one needs at least "
                        + shape.framesPerLatent());
            }
            return new Start.Video(EngineFrames.of(prefixClip.frames()));
        }
        return new Start.Text();
    }

    private static void render(VideoModel m, GenerationRequest request, Path mp4, Path framesDir, PrintWriter out,
            PrintWriter err) {
        try {
            m.checkSteps(request.settings().steps());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        ChunkShape shape = m.chunkShape();
        ChunkProgress progress = new ChunkProgress(err, request.chunks(), request.settings().steps());
        long started = System.nanoTime();
        try (GeneratedVideo video = GeneratedVideo.open(mp4, framesDir, shape.width(), shape.height())) {
            ChunkListener listener = new ChunkListener() {
                @Override
                public void chunk(GeneratedChunk chunk) {
                    int first = video.frames();
                    for (Frame f : EngineFrames.toMedia(chunk.frames())) {
                        video.add(f);
                    }
                    progress.finished(chunk.index(), "frames " + first + "-" + (video.frames() - 1) + video.partial());
                }

                @Override
                public void step(int index, int done, int steps) {
                    progress.step(index, done);
                }
            };
            try {
                new ChunkPipeline(m).generate(request, listener, () -> false);
            } catch (RuntimeException e) {
                if (framesDir != null) {
                    err.println("magi: the frames rendered so far stay in" + video.partial());
                }
                throw e;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            video.finish(out, shape.width(), shape.height());
            out.println(String.format(Locale.ROOT, "%d chunks in %.1f s (%.0f frames a second)", request.chunks(), seconds,
                    video.frames() / seconds));
            out.flush();
        }
    }
}
