package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;
import studio.magi.engine.Frames;
import studio.magi.engine.Guidance;
import studio.magi.engine.SamplerSettings;
import studio.magi.engine.SelfCheck;
import studio.magi.engine.VideoModel;

/**
 * A MAGI checkpoint folder loaded onto one device: the DiT, the VAE, the text encoder and its vocabulary, as
 * config.json describes them. Latents are kept scaled by runtime_config.scale_factor, as the reference sampler does.
 */
public final class MagiModel implements VideoModel {
    private static final String ENGINE = "PyTorch";

    private final MagiConfig config;
    private final NDManager manager;
    private final Vocabulary vocabulary;
    private final TextEncoder text;
    private final VideoVae vae;
    private final VideoDit dit;
    private final DitPrompt nullPrompt;
    private final ChunkShape shape;
    private final SamplerSettings defaults;
    private final boolean fp8;
    private SelfCheck selfCheck;

    private MagiModel(MagiConfig config, NDManager manager, boolean fp8, Path textEncoderFile, Path vaeFile) {
        this.config = config;
        this.manager = manager;
        this.fp8 = fp8;
        Path folder = config.folder();
        vocabulary = Vocabulary.read(WeightFile.inside(folder, config.vocabFile(), "config.json"));
        if (vocabulary.size() != config.text().vocabSize()) {
            throw new CheckpointException(folder.resolve(config.vocabFile()) + " holds " + vocabulary.size()
                    + " tokens, config.json's text_config.vocab_size says " + config.text().vocabSize());
        }
        try (WeightFile w = textEncoderFile == null ? WeightFile.open(folder, config.runtime().textEncoderFile(), "text_config")
                : WeightFile.open(textEncoderFile.toAbsolutePath().getParent(), textEncoderFile.getFileName().toString(), "text_config")) {
            text = new TextEncoder(config.text(), w, manager);
        }
        try (WeightFile w = vaeFile == null ? WeightFile.open(folder, config.runtime().vaeFile(), "vae_config")
                : WeightFile.open(vaeFile.toAbsolutePath().getParent(), vaeFile.getFileName().toString(), "vae_config")) {
            vae = new VideoVae(config.vae(), w, manager);
        }
        try (WeightFile w = WeightFile.open(folder, fp8 ? config.fp8WeightsFile() : config.weightsFile(), "model_config")) {
            dit = new VideoDit(config.dit(), w, manager);
        }
        float[] nullMask = config.dit().nullCaptionMask();
        try (NDScope scope = new NDScope()) {
            NDArray caption = manager.create(dit.nullCaption(), new Shape(config.dit().captionLength(),
                    config.dit().captionChannels()));
            nullPrompt = dit.prompt(caption, nullMask, true, true);
        }
        RuntimeConfig r = config.runtime();
        shape = new ChunkShape(config.framesPerChunk(), config.vae().width(), config.vae().height(),
                config.vae().latentChannels(), r.chunkWidth(), config.vae().latentHeight(), config.vae().latentWidth());
        try {
            defaults = new SamplerSettings(r.steps(), r.window(), r.cfgNumber(), r.seed(), r.shift(), r.noiseToCleanKvRange(),
                    new Guidance(r.cfgTRange(), r.textScales(), r.historyScales()));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(folder.resolve("config.json") + ": runtime_config: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the checkpoint folder onto the device; {@code fp8} takes the DiT from the fp8 weights (dequantized). What
     * the folder is is told by its content ({@link CheckpointLayout}): a MAGI-1 reference checkpoint is opened and
     * checked, then refused, as the engine does not run the reference's own modules yet. First, from the weights'
     * headers, the {@link MemoryPlan}: what does not fit the device is refused in one line before a weight is read.
     */
    public static MagiModel load(Path folder, boolean fp8, DeviceName device) {
        return load(folder, fp8, device, null, null);
    }

    /**
     * As {@link #load(Path, boolean, DeviceName)}, with the text encoder's and the VAE's weights from other files (the
     * reference's t5_pretrained and vae_pretrained); null takes the file config.json names. The VAE decoder is
     * checked against the checkpoint's fixture on this CPU first ({@link #selfCheck()}); when it draws wrong pixels on
     * every path it has, this throws {@link WrongArithmeticException}.
     */
    public static MagiModel load(Path folder, boolean fp8, DeviceName device, Path textEncoderFile, Path vaeFile) {
        if (CheckpointLayout.detect(folder) instanceof CheckpointLayout.Reference reference) {
            try (ReferenceCheckpoint checkpoint = ReferenceCheckpoint.open(reference.config())) {
                MemoryPlan plan = MemoryPlans.reference(checkpoint, device);
                plan.requireFits();
                System.err.println("magi memory: " + plan.summary());
                throw new CheckpointException(checkpoint.notNano());
            }
        }
        MagiConfig config = MagiConfig.read(folder);
        MemoryPlan plan = MemoryPlans.nano(config, fp8, textEncoderFile, vaeFile, device);
        plan.requireFits();
        System.err.println("magi memory: " + plan.summary());
        Compute.start();
        NDManager manager = NDManager.newBaseManager(Compute.djl(device), ENGINE);
        MagiModel model;
        try {
            model = new MagiModel(config, manager, fp8, textEncoderFile, vaeFile);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        try {
            model.selfCheck = ArithmeticCheck.run(model, model.vae.heads(), vaeFile == null);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** The median time the VAE takes to decode one chunk of noise to frames (the part whose kernels differ by CPU). */
    public double medianDecodeMillis(int decodes) {
        double[] ms = new double[decodes];
        try (NDManager scope = manager.newSubManager()) {
            NDArray latent = scope.randomNormal(new Shape(chunkShape().latentShape()));
            for (int i = 0; i < ms.length; i++) {
                long start = System.nanoTime();
                decode(latent);
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    @Override
    public SelfCheck selfCheck() {
        return selfCheck;
    }

    public MagiConfig config() {
        return config;
    }

    public boolean fp8() {
        return fp8;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    TextEncoder textEncoder() {
        return text;
    }

    VideoVae vae() {
        return vae;
    }

    VideoDit dit() {
        return dit;
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

    @Override
    public List<String> unknownWords(String prompt) {
        return vocabulary.unknown(prompt);
    }

    /** How the text encoder reads the prompt: a prompt longer than its caption length is cut off. */
    public Vocabulary.Reading reading(String prompt) {
        return vocabulary.read(prompt, config.dit().captionLength());
    }

    @Override
    public int durationTokens() {
        return vocabulary.maxDuration();
    }

    @Override
    public Prompt prompt(String words, int remaining) {
        int length = config.dit().captionLength();
        Vocabulary.Tokens tokens = vocabulary.encode(words, remaining, length);
        try (NDScope scope = new NDScope()) {
            NDArray ids = manager.create(tokens.ids(), new Shape(1, length));
            NDArray mask = Ops.floats(manager, tokens.mask(), 1, length);
            NDArray encoded = text.encode(ids, mask);
            NDScope.register(encoded);
            return dit.prompt(encoded.get(0), tokens.mask(), false, false);
        }
    }

    @Override
    public Prompt nullPrompt() {
        return nullPrompt;
    }

    @Override
    public NDArray velocity(Pass pass) {
        try (NDScope scope = new NDScope()) {
            NDArray v = dit.forward(pass.x(), pass.t(), prompts(pass.prompts()), pass.steps(), pass.chunkNumbers(),
                    pass.kvRanges(), (KvHistory) pass.history(), VideoDit.Want.VELOCITY).velocity();
            NDScope.unregister(v);
            return v;
        }
    }

    private static DitPrompt[][] prompts(Prompt[][] prompts) {
        DitPrompt[][] out = new DitPrompt[prompts.length][];
        for (int i = 0; i < prompts.length; i++) {
            out[i] = new DitPrompt[prompts[i].length];
            for (int k = 0; k < prompts[i].length; k++) {
                out[i][k] = (DitPrompt) prompts[i][k];
            }
        }
        return out;
    }

    @Override
    public CachedChunk cache(NDArray latent, int chunkNumber, int steps) {
        try (NDScope scope = new NDScope()) {
            float[][] t = {{(float) config.runtime().cleanT()}};
            VideoDit.Output o = dit.forward(latent.expandDims(0), t, new DitPrompt[][] {{nullPrompt}}, steps,
                    new int[] {chunkNumber}, new int[] {config.runtime().cleanChunkKvRange()}, null, VideoDit.Want.KEYS);
            NDScope.unregister(o.keys());
            NDScope.unregister(o.values());
            return new KvChunk(chunkNumber, o.keys(), o.values());
        }
    }

    @Override
    public History history(List<CachedChunk> chunks) {
        int layers = config.dit().layers();
        NDArray[][] keys = new NDArray[layers][chunks.size()];
        NDArray[][] values = new NDArray[layers][chunks.size()];
        int[] numbers = new int[chunks.size()];
        try (NDScope scope = new NDScope()) {
            for (int i = 0; i < numbers.length; i++) {
                KvChunk chunk = (KvChunk) chunks.get(i);
                numbers[i] = chunk.chunkNumber();
                for (int l = 0; l < layers; l++) {
                    keys[l][i] = KvHistory.alias(chunk.keys[l]);
                    values[l][i] = KvHistory.alias(chunk.values[l]);
                    NDScope.unregister(keys[l][i], values[l][i]);
                }
            }
        }
        return new KvHistory(numbers, keys, values);
    }

    @Override
    public Frames decode(NDArray latent) {
        try (NDScope scope = new NDScope()) {
            NDArray video = vae.decode(latent.expandDims(0).div((float) config.runtime().scaleFactor()));
            NDScope.register(video);
            byte[] rgb = video.clip(-1f, 1f).add(1f).mul(127.5f).round().toType(DataType.UINT8, false).toByteArray();
            return Frames.of(shape.width(), shape.height(), (int) video.getShape().get(1), rgb);
        }
    }

    @Override
    public NDArray encode(Frames frames) {
        try (NDScope scope = new NDScope()) {
            NDArray u8 = manager.create(ByteBuffer.wrap(frames.bytes()),
                    new Shape(1, frames.count(), frames.height(), frames.width(), 3), DataType.UINT8);
            NDArray video = u8.toType(DataType.FLOAT32, false).div(127.5f).sub(1f);
            NDArray mean = vae.encode(video);
            NDScope.register(mean);
            NDArray z = mean.get(0).mul((float) config.runtime().scaleFactor());
            NDScope.unregister(z);
            return z;
        }
    }

    @Override
    public void close() {
        dit.closeTables();
        manager.close();
    }
}
