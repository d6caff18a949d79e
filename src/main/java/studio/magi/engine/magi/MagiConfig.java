package studio.magi.engine.magi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A checkpoint folder's config.json: the four sections (named as in the MAGI reference) and the files they name.
 * The sections are checked against each other here, the weights against them when they are loaded.
 */
public record MagiConfig(Path folder, DitConfig dit, RuntimeConfig runtime, VaeConfig vae, TextConfig text,
        String vocabFile, String weightsFile, String fp8WeightsFile) {

    public static MagiConfig read(Path folder) {
        Path file = folder.resolve("config.json");
        if (!Files.isDirectory(folder)) {
            throw new CheckpointException(folder + ": no such checkpoint folder");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such file; a checkpoint folder holds a config.json");
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file + ": not a JSON object");
        }
        ConfigSection top = new ConfigSection(file, "config", root);
        MagiConfig c = new MagiConfig(folder, DitConfig.read(ConfigSection.of(file, root, "model_config")),
                RuntimeConfig.read(ConfigSection.of(file, root, "runtime_config")),
                VaeConfig.read(ConfigSection.of(file, root, "vae_config")),
                TextConfig.read(ConfigSection.of(file, root, "text_config")),
                top.text("vocab"), top.text("weights"), top.text("weights_fp8"));
        c.checkAgreement(file);
        return c;
    }

    private void checkAgreement(Path file) {
        agree(file, dit.captionChannels() == text.hidden(), "model_config.caption_channels (" + dit.captionChannels()
                + ") must equal text_config.hidden_size (" + text.hidden() + ")");
        agree(file, dit.captionLength() == text.captionLength(), "model_config.caption_max_length ("
                + dit.captionLength() + ") must equal text_config.caption_max_length (" + text.captionLength() + ")");
        agree(file, dit.inChannels() == vae.latentChannels() && dit.outChannels() == vae.latentChannels(),
                "model_config.in_channels and out_channels must equal vae_config.latent_channels (" + vae.latentChannels() + ")");
        agree(file, runtime.height() == vae.height() && runtime.width() == vae.width(), "runtime_config.video_size_h/w ("
                + runtime.height() + "x" + runtime.width() + ") must equal vae_config's (" + vae.height() + "x" + vae.width() + ")");
        agree(file, runtime.temporalFactor() == vae.temporalFactor(),
                "runtime_config.temporal_downsample_factor must equal vae_config's");
        agree(file, vae.latentHeight() % dit.patch() == 0 && vae.latentWidth() % dit.patch() == 0,
                "the latent size " + vae.latentHeight() + "x" + vae.latentWidth() + " is not a multiple of model_config.patch_size");
    }

    private static void agree(Path file, boolean ok, String message) {
        if (!ok) {
            throw new CheckpointException(file + ": " + message);
        }
    }

    /** Pictures per chunk: latent frames per chunk times the VAE's temporal factor. */
    public int framesPerChunk() {
        return runtime.chunkWidth() * vae.temporalFactor();
    }
}
