package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import studio.magi.engine.ChunkListener;
import studio.magi.engine.ChunkSampler;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;
import studio.magi.engine.Frames;
import studio.magi.engine.GeneratedChunk;
import studio.magi.engine.GenerationRequest;
import studio.magi.engine.Guidance;
import studio.magi.engine.Latent;
import studio.magi.engine.Noise;
import studio.magi.engine.SamplerSettings;

/**
 * A MAGI-1 reference checkpoint (a config of SandAI-org/MAGI-1 and the folders it names) loaded to render: the
 * reference DiT ({@link VideoDit} under {@link DitConfig#ofReference}), its T5 encoder on the CPU, its ViTVAE and
 * special tokens, sampled by {@link ReferenceSampler} as the reference's video_generate.py does. It walks its chunks
 * itself ({@link ChunkSampler}), so the per-pass calls of {@link studio.magi.engine.VideoModel} that nano's pipeline
 * makes are refused. Text, image, video and history starts ({@link ReferenceStart}); the sampling follows the config
 * (its cfg_number, guidance scales and kv ranges, as the reference), the request gives the steps, window, seed and
 * prompts. A chunk that holds prefix frames is decoded from its new frames only, as the reference. Latents are
 * video_size / the VAE's stride (the reference divides by 8, every released VAE's stride).
 */
public final class ReferenceModel implements studio.magi.engine.VideoModel, ChunkSampler {
    private final ReferenceConfig config;
    private final NDManager manager;
    private final VideoDit dit;
    private final T5Encoder t5;
    private final ViTVae vae;
    private final SpecialTokens special;
    private final ChunkShape shape;
    private final SamplerSettings defaults;

    private ReferenceModel(ReferenceCheckpoint ckpt, NDManager manager) {
        config = ckpt.config();
        this.manager = manager;
        ReferenceConfig.Runtime r = config.runtime();
        DitConfig c = DitConfig.ofReference(config);
        if (ckpt.specialTokens() == null) {
            throw new CheckpointException(config.file() + ": no special_tokens.npz beside it, in assets/ or in ../assets/"
                    + " (the reference's example/assets/special_tokens.npz)");
        }
        vae = ViTVae.load(ckpt.vaeFolder(), manager);
        int stride = vae.config().patchSize();
        if (r.height() % (stride * c.patch()) != 0 || r.width() % (stride * c.patch()) != 0) {
            throw new CheckpointException(config.file() + ": video_size " + r.height() + "x" + r.width()
                    + " is not a multiple of the VAE's " + stride + " pixels times the DiT's patch " + c.patch());
        }
        int frames = r.chunkWidth() * vae.config().patchLength();
        shape = new ChunkShape(frames, r.width(), r.height(), c.latentChannels(), r.chunkWidth(), r.height() / stride,
                r.width() / stride);
        try {
            defaults = new SamplerSettings(r.steps(), r.window(), r.cfgNumber(), r.seed(), 3.0, r.noiseToCleanKvRange(),
                    new Guidance(r.cfgTRange(), r.textScales(), r.prevChunkScales()));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(config.file() + ": runtime_config: " + e.getMessage(), e);
        }
        special = SpecialTokens.read(ckpt.specialTokens(), c.captionChannels(), manager);
        dit = new VideoDit(c, ckpt.weights(), manager, config::quantizedLayer);
        t5 = ckpt.t5Encoder();
    }

    /**
     * Opens and checks the reference checkpoint ({@link ReferenceCheckpoint}), plans its memory on the device (what
     * does not fit is refused in one line before a weight is read), then loads it.
     */
    public static ReferenceModel load(Path configFile, DeviceName device) {
        try (ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(configFile)) {
            MemoryPlan plan = MemoryPlans.reference(ckpt, device);
            plan.requireFits();
            System.err.println("magi memory: " + plan.summary());
            Compute.start();
            NDManager manager = NDManager.newBaseManager(Compute.djl(device), "PyTorch");
            try {
                return new ReferenceModel(ckpt, manager);
            } catch (RuntimeException e) {
                manager.close();
                throw e;
            }
        }
    }

    /** The reference config a path names (the file, or the folder holding it), if it is a reference checkpoint. */
    public static java.util.Optional<Path> configOf(Path path) {
        return CheckpointLayout.detect(path) instanceof CheckpointLayout.Reference reference
                ? java.util.Optional.of(reference.config()) : java.util.Optional.empty();
    }

    public ReferenceConfig config() {
        return config;
    }

    @Override
    public void generate(GenerationRequest request, ChunkListener listener, BooleanSupplier cancelled) {
        SamplerSettings s = request.settings();
        int n = request.chunks();
        int length = dit.config().captionLength();
        int reach = config.runtime().noiseToCleanKvRange().stream().mapToInt(Integer::intValue).max().orElse(1);
        try (NDManager scope = manager.newSubManager()) {
            ReferenceStart start = ReferenceStart.of(request.start(), shape, reach, this::encode, scope);
            NDArray[] perChunk = new NDArray[n];
            for (int k = 0; k < n; k++) { // each chunk from its own seed, as nano's: a re-render of chunk k repeats it
                perChunk[k] = Noise.draw(scope, request.seeds().get(k), shape.latentShape());
            }
            NDArray noise = Ops.concat(1, perChunk);
            List<ReferenceSampler.Caption> captions = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                T5Encoder.Caption caption = t5.encode(request.prompts().get(k), length, scope);
                captions.add(special.prepend(caption.embedding().get(0), caption.mask().toType(DataType.FLOAT32, false).toFloatArray(),
                        request.totalChunks() - k, length));
            }
            ReferenceSampler.Sink sink = new ReferenceSampler.Sink() {
                @Override
                public void chunk(int index, NDArray latent, int firstNewFrame) {
                    NDArray fresh = latent.get(new NDIndex().addAllDim().addSliceDim(firstNewFrame, latent.getShape().get(1)));
                    listener.chunk(new GeneratedChunk(index, start.firstChunkNumber() + index, decode(fresh),
                            new Latent(latent.getShape().getShape(), latent.toFloatArray())));
                    fresh.close();
                }

                @Override
                public void step(int chunk, int done) {
                    listener.step(chunk, done, s.steps());
                }
            };
            new ReferenceSampler(dit, config).walk(noise, start.prefix(), captions, s.steps(), s.window(), sink, cancelled);
        }
    }

    /** A clean latent [C, F, h, w] (scaled) to frames, as post_chunk_process: tiled decode, then 127.5 x + 127.5 cut. */
    @Override
    public Frames decode(NDArray latent) {
        try (NDScope scope = new NDScope()) {
            NDArray z = latent.expandDims(0).div((float) config.runtime().scaleFactor());
            NDArray video = VaeTiles.reference(config.runtime().fps()).decode(vae, z).get(0);
            NDArray u8 = video.mul(127.5f).add(127.5f).clip(0f, 255f).floor().toType(DataType.UINT8, false)
                    .transpose(1, 2, 3, 0);
            int count = (int) video.getShape().get(1);
            return Frames.of(shape.width(), shape.height(), count, u8.toByteArray());
        }
    }

    /** Pictures [T, H, W, RGB] to the posterior's mode [C, t, h, w], scaled, as encode_prefix_video (in float32). */
    @Override
    public NDArray encode(Frames frames) {
        try (NDScope scope = new NDScope()) {
            NDArray u8 = manager.create(ByteBuffer.wrap(frames.bytes()), new Shape(frames.count(), frames.height(),
                    frames.width(), 3), DataType.UINT8);
            NDArray x = u8.toType(DataType.FLOAT32, false).div(127.5f).sub(1f).transpose(3, 0, 1, 2).expandDims(0);
            NDArray z = VaeTiles.reference(config.runtime().fps()).encode(vae, x).get(0).mul((float) config.runtime().scaleFactor());
            NDScope.unregister(z);
            return z;
        }
    }

    /** Distilled: also the reference's 12-step shortcut. */
    @Override
    public List<Integer> stepCounts() {
        return config.engine().distill() ? List.of(4, 8, SamplerSettings.SHORTCUT_STEPS, 16, 32, 64) : SamplerSettings.STEP_COUNTS;
    }

    @Override
    public ChunkShape chunkShape() {
        return shape;
    }

    @Override
    public SamplerSettings defaults() {
        return defaults;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    /** The T5 tokenizer reads any text. */
    @Override
    public List<String> unknownWords(String prompt) {
        return List.of();
    }

    @Override
    public int durationTokens() {
        return SpecialTokens.DURATIONS;
    }

    private static UnsupportedOperationException walksItself() {
        return new UnsupportedOperationException("a MAGI-1 reference checkpoint is sampled by its own walk"
                + " (ChunkSampler.generate), not pass by pass");
    }

    @Override
    public Prompt prompt(String text, int remaining) {
        throw walksItself();
    }

    @Override
    public Prompt nullPrompt() {
        throw walksItself();
    }

    @Override
    public NDArray velocity(Pass pass) {
        throw walksItself();
    }

    @Override
    public CachedChunk cache(NDArray latent, int chunkNumber, int steps) {
        throw walksItself();
    }

    @Override
    public History history(List<CachedChunk> chunks) {
        throw walksItself();
    }

    @Override
    public void close() {
        dit.closeTables();
        t5.close();
        vae.close();
        manager.close();
    }
}
