package studio.magi.engine.magi;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A MAGI-1 reference checkpoint as downloaded (SandAI-org/MAGI-1 and its Hugging Face release), opened from its config
 * file: the DiT's weights in {@code <runtime_config.load>/inference_weight[.fp8][.distill]/} (an index and its shards,
 * or one model.safetensors), the T5 encoder in {@code <runtime_config.t5_pretrained>/t5-v1_1-xxl/} (a Hugging Face
 * folder), the VAE in {@code <runtime_config.vae_pretrained>/} (a diffusers folder), and the special-token embeddings
 * ({@code special_tokens.npz}) when they are found. Relative paths are taken from the config file's folder.
 *
 * <p>Opening checks every file's header and every DiT and T5 tensor's name, shape and element type against the
 * configs; no tensor is read and nothing is written. The DiT's weights stay open ({@link #weights()}), read tensor by tensor.
 */
public final class ReferenceCheckpoint implements AutoCloseable {
    /** The folder under t5_pretrained where the reference's T5Embedder looks (its default model name). */
    static final String T5_NAME = "t5-v1_1-xxl";
    static final String DIT_PICKLE_FIX = "python3 -c \"import torch, safetensors.torch as st; st.save_file(torch.load("
            + "'DIR/FILE', map_location='cpu', weights_only=True), 'DIR/model.safetensors')\"";
    static final String T5_PICKLE_FIX = "python3 -c \"from transformers import T5EncoderModel as M; "
            + "M.from_pretrained('DIR').save_pretrained('DIR', safe_serialization=True)\"";
    static final String VAE_PICKLE_FIX = "python3 -c \"import torch, safetensors.torch as st; st.save_file(torch.load("
            + "'DIR/FILE', map_location='cpu', weights_only=True), 'DIR/diffusion_pytorch_model.safetensors')\"";

    private final ReferenceConfig config;
    private final Path weightFolder;
    private final WeightFile weights;
    private final long parameters;
    private final Path t5Folder;
    private final Path vaeFolder;
    private final Path specialTokens;

    private ReferenceCheckpoint(ReferenceConfig config, Path weightFolder, WeightFile weights, long parameters,
            Path t5Folder, Path vaeFolder, Path specialTokens) {
        this.config = config;
        this.weightFolder = weightFolder;
        this.weights = weights;
        this.parameters = parameters;
        this.t5Folder = t5Folder;
        this.vaeFolder = vaeFolder;
        this.specialTokens = specialTokens;
    }

    /** Opens the checkpoint a reference config file describes (see the class comment). */
    public static ReferenceCheckpoint open(Path configFile) {
        ReferenceConfig config = ReferenceConfig.read(configFile);
        Path base = configFile.toAbsolutePath().normalize().getParent();
        Path load = folder(config, base, "load", config.runtime().load());
        Path weightFolder = load.resolve(config.weightFolderName());
        if (!Files.isDirectory(weightFolder)) {
            throw new CheckpointException(weightFolder + ": no such folder: " + configFile + " (engine_config.fp8_quant "
                    + config.engine().fp8Quant() + ", distill " + config.engine().distill() + ") reads the weights from "
                    + config.weightFolderName() + " under runtime_config.load" + others(load));
        }
        Path t5 = t5Folder(config, base);
        Path vae = folder(config, base, "vae_pretrained", config.runtime().vaePretrained());
        WeightFile weights = WeightFile.openFolder(weightFolder, "model", configFile + "'s model_config", DIT_PICKLE_FIX);
        try {
            long parameters = ReferenceWeights.check(config, weights, weightFolder);
            checkT5(config, t5);
            checkVae(config, vae);
            return new ReferenceCheckpoint(config, weightFolder, weights, parameters, t5, vae, specialTokens(base));
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /** A folder named by a runtime_config field: absolute, or relative to the config file's folder. */
    private static Path folder(ReferenceConfig config, Path base, String field, String value) {
        Path named;
        try {
            named = base.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw new CheckpointException(config.file() + ": runtime_config." + field + " is not a path: " + value);
        }
        if (!Files.isDirectory(named)) {
            throw new CheckpointException(named + ": no such folder, named by " + config.file() + "'s runtime_config."
                    + field + " \"" + value + "\"" + (Path.of(value).isAbsolute() ? "" : " (relative to the config file's folder)"));
        }
        return named;
    }

    /** The other weight folders under load, and which engine_config reads each. */
    private static String others(Path load) {
        try (Stream<Path> files = Files.list(load)) {
            List<String> names = files.filter(Files::isDirectory).map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("inference_weight")).sorted().toList();
            if (names.isEmpty()) {
                return "; " + load + " holds no inference_weight folder";
            }
            return "; " + load + " holds " + String.join(", ", names.stream().map(n -> n + " (fp8_quant "
                    + n.contains(".fp8") + ", distill " + n.contains(".distill") + ")").toList());
        } catch (IOException e) {
            return "";
        }
    }

    /** t5_pretrained/t5-v1_1-xxl as the reference reads it; the T5 folder itself is taken too. */
    private static Path t5Folder(ReferenceConfig config, Path base) {
        Path root = folder(config, base, "t5_pretrained", config.runtime().t5Pretrained());
        Path named = root.resolve(T5_NAME);
        if (Files.isDirectory(named)) {
            return named;
        }
        if (Files.isRegularFile(root.resolve("config.json"))) {
            return root;
        }
        throw new CheckpointException(named + ": no such folder: the reference's T5 encoder is read from " + T5_NAME
                + "/ under " + config.file() + "'s runtime_config.t5_pretrained");
    }

    private static void checkT5(ReferenceConfig config, Path t5) {
        JsonNode c = ReferenceConfig.json(requireFile(t5.resolve("config.json"), "the T5 encoder's config"));
        JsonNode dModel = c.get("d_model");
        if (dModel == null || !dModel.isIntegralNumber()) {
            throw new CheckpointException(t5.resolve("config.json") + ": not a T5 config (no d_model); "
                    + config.file() + "'s runtime_config.t5_pretrained names the folder that holds " + T5_NAME + "/");
        }
        if (dModel.asInt() != config.model().captionChannels()) {
            throw new CheckpointException(t5.resolve("config.json") + ": d_model is " + dModel.asInt() + ", "
                    + config.file() + "'s model_config.caption_channels is " + config.model().captionChannels());
        }
        requireFile(t5.resolve("spiece.model"), "the T5 tokenizer (sentencepiece)");
        T5Config t5Config = T5Config.read(t5.resolve("config.json"));
        try (WeightFile w = WeightFile.openFolder(t5, "model", "the T5 encoder", T5_PICKLE_FIX)) {
            t5Config.check(w);
        }
    }

    private static void checkVae(ReferenceConfig config, Path vae) {
        JsonNode c = ReferenceConfig.json(requireFile(vae.resolve("config.json"), "the VAE's config"));
        JsonNode dd = c.get("ddconfig");
        if (c.get("_class_name") == null || !"ViTVAE".equals(c.get("_class_name").asText()) || dd == null || !dd.isObject()) {
            throw new CheckpointException(vae.resolve("config.json") + ": not the reference's VAE (it needs _class_name "
                    + "\"ViTVAE\" and a ddconfig)");
        }
        JsonNode z = dd.get("z_chans");
        int need = config.model().halfChannelVae() ? config.model().inChannels() / 2 : config.model().inChannels();
        if (z == null || !z.isIntegralNumber() || z.asInt() != need) {
            throw new CheckpointException(vae.resolve("config.json") + ": ddconfig.z_chans is " + z + ", " + config.file()
                    + "'s model_config needs " + need + " (in_channels " + config.model().inChannels()
                    + (config.model().halfChannelVae() ? ", half_channel_vae" : "") + ")");
        }
        WeightFile.openFolder(vae, "diffusion_pytorch_model", "the VAE", VAE_PICKLE_FIX).close();
    }

    private static Path requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            Path zst = file.resolveSibling(file.getFileName() + ".zst");
            if (Files.isRegularFile(zst)) {
                throw WeightFile.compressed(zst, 1);
            }
            throw new CheckpointException(file + ": no such file (" + what + ")");
        }
        return file;
    }

    /**
     * The reference reads example/assets/special_tokens.npz from its working directory: beside the config, in an
     * assets/ folder beside it, or in the repository's example/assets/ (one folder up from example/4.5B/).
     */
    private static Path specialTokens(Path base) {
        for (Path p : List.of(base.resolve("special_tokens.npz"), base.resolve("assets/special_tokens.npz"),
                base.resolveSibling("assets").resolve("special_tokens.npz"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    public ReferenceConfig config() {
        return config;
    }

    /** The DiT's weight folder (inference_weight[.fp8][.distill]). */
    public Path weightFolder() {
        return weightFolder;
    }

    WeightFile weights() {
        return weights;
    }

    /** Parameters of the DiT (fp8 codes counted, their scales not). */
    public long parameters() {
        return parameters;
    }

    /** The T5 encoder's Hugging Face folder. */
    public Path t5Folder() {
        return t5Folder;
    }

    /** Loads the T5 encoder and its tokenizer, on the CPU whatever device the DiT is on (see {@link T5Encoder}). */
    public T5Encoder t5Encoder() {
        return T5Encoder.load(t5Folder);
    }

    /** The VAE's diffusers folder. */
    public Path vaeFolder() {
        return vaeFolder;
    }

    /** The special-token embeddings (special_tokens.npz), or null when none was found. */
    public Path specialTokens() {
        return specialTokens;
    }

    /** One line: the shape, precision and size of the checkpoint. */
    public String summary() {
        ReferenceConfig.Model m = config.model();
        ReferenceConfig.Engine e = config.engine();
        return "MAGI-1 reference DiT, " + m.layers() + " layers, hidden " + m.hidden() + ", "
                + (e.distill() ? "distill" : "base") + (e.fp8Quant() ? ", fp8 (e4m3) in layers 1 to " + (m.layers() - 2) : "")
                + ", " + count(parameters) + " parameters in " + weights.fileCount() + " file"
                + (weights.fileCount() == 1 ? "" : "s");
    }

    /** Why {@link MagiModel} (nano's format) does not load it: {@link ReferenceModel} does. */
    String notNano() {
        return config.file() + ": " + summary() + ": a MAGI-1 reference checkpoint, which generate and the studio render;"
                + " this command runs nano's own checkpoint format only";
    }

    private static String count(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f B", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f M", n / 1e6);
        }
        return String.format(Locale.ROOT, "%,d", n);
    }

    @Override
    public void close() {
        weights.close();
    }
}
