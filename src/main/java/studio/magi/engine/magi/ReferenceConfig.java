package studio.magi.engine.magi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A config file of the MAGI-1 reference (SandAI-org/MAGI-1, {@code example/{4.5B,24B}/*_config.json}): the sections
 * model_config, runtime_config and engine_config with the reference's own field names and meanings
 * ({@code inference/common/config.py}). Checked as the reference checks it (cfg_number 1 for distill or fp8 models,
 * 3 for base ones) and for the sizes its modules need; the weights are checked against it by
 * {@link ReferenceCheckpoint}.
 */
public record ReferenceConfig(Path file, Model model, Runtime runtime, Engine engine) {
    /** The three sections that make a JSON object a reference config. */
    static final List<String> SECTIONS = List.of("model_config", "runtime_config", "engine_config");

    /** model_config: the DiT's sizes (ModelConfig). */
    public record Model(int layers, int hidden, int ffnHidden, int heads, int groups, int headDim, double eps,
            boolean layerNorm1p, double xRescale, boolean halfChannelVae, String paramsDtype, int patch, int tPatch,
            int inChannels, int outChannels, int condDim, int captionChannels, int captionLength, int xattnDim,
            int gateRows, boolean gatedLinearUnit) {

        /** Width of the rotary embedding: LearnableRotaryEmbeddingCat(hidden_size // num_attention_heads). */
        public int ropeDim() {
            return hidden / heads;
        }

        /** Learned rotary bands ({@code rope.bands}): dim // 8. */
        public int ropeBands() {
            return ropeDim() / 8;
        }

        /** Rows of mlp.linear_fc1: twice ffn_hidden_size with the gated linear unit (SwiGLU). */
        public int fc1Rows() {
            return gatedLinearUnit ? 2 * ffnHidden : ffnHidden;
        }
    }

    /** runtime_config: sampling, video size and where the weights are (RuntimeConfig). */
    public record Runtime(int cfgNumber, List<Double> cfgTRange, List<Double> prevChunkScales, List<Double> textScales,
            List<Integer> noiseToCleanKvRange, int cleanChunkKvRange, double cleanT, long seed, int numFrames,
            int height, int width, int steps, int window, int fps, int chunkWidth, String load, String t5Pretrained,
            String t5Device, String vaePretrained, double scaleFactor, int temporalFactor) {
        public Runtime {
            cfgTRange = List.copyOf(cfgTRange);
            prevChunkScales = List.copyOf(prevChunkScales);
            textScales = List.copyOf(textScales);
            noiseToCleanKvRange = List.copyOf(noiseToCleanKvRange);
        }
    }

    /** engine_config: the precision and distillation of the weights (EngineConfig). */
    public record Engine(boolean fp8Quant, boolean distill, String shortcutMode, double nearlyCleanThreshold,
            boolean kvOffload) {
    }

    /** Whether the JSON object has the three sections of a reference config. */
    static boolean isReference(JsonNode root) {
        return root != null && root.isObject() && SECTIONS.stream().allMatch(s -> root.has(s) && root.get(s).isObject());
    }

    static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    public static ReferenceConfig read(Path file) {
        JsonNode root = json(file);
        if (!isReference(root)) {
            throw new CheckpointException(file + ": not a MAGI-1 reference config (it needs the sections "
                    + String.join(", ", SECTIONS) + ")");
        }
        Model model = model(ConfigSection.of(file, root, "model_config"));
        Runtime runtime = runtime(ConfigSection.of(file, root, "runtime_config"));
        ConfigSection e = ConfigSection.of(file, root, "engine_config");
        Engine engine = new Engine(e.flag("fp8_quant"), e.flag("distill"), e.text("shortcut_mode"),
                e.number("distill_nearly_clean_chunk_threshold"), e.flag("kv_offload"));
        // config.py post_validation
        if (engine.fp8Quant() || engine.distill()) {
            if (runtime.cfgNumber() != 1) {
                throw new CheckpointException(file + ": runtime_config.cfg_number is " + runtime.cfgNumber()
                        + "; a distill or fp8 model samples with cfg_number 1 (as the reference requires)");
            }
        } else if (runtime.cfgNumber() != 3) {
            throw new CheckpointException(file + ": runtime_config.cfg_number is " + runtime.cfgNumber()
                    + "; a base model samples with cfg_number 3 (as the reference requires)");
        }
        return new ReferenceConfig(file, model, runtime, engine);
    }

    private static Model model(ConfigSection s) {
        int hidden = s.positive("hidden_size");
        int heads = s.positive("num_attention_heads");
        int groups = s.positive("num_query_groups");
        int headDim = s.positive("kv_channels");
        s.check(heads % groups == 0, "num_attention_heads (" + heads + ") must be a multiple of num_query_groups (" + groups + ")");
        s.check(hidden % heads == 0 && (hidden / heads) % 8 == 0,
                "hidden_size / num_attention_heads (the rotary width) must be a whole multiple of 8");
        // linear_proj's input is reordered "(n hn hd) -> (hn n hd)" with hn = 8, linear_kv_xattn's rows split in 8
        s.check(heads * headDim % 8 == 0 && 2 * groups * headDim % 8 == 0,
                "num_attention_heads and num_query_groups times kv_channels must be multiples of 8");
        String dtype = s.text("params_dtype");
        s.require(List.of("torch.bfloat16", "torch.float16", "torch.float32").contains(dtype), "params_dtype",
                "\"torch.bfloat16\", \"torch.float16\" or \"torch.float32\"");
        boolean half = s.flag("half_channel_vae");
        int in = s.positive("in_channels");
        s.check(!half || in % 2 == 0, "half_channel_vae doubles the VAE's channels: in_channels must be even");
        int condDim = (int) (hidden * s.positiveNumber("cond_hidden_ratio"));
        int xattnDim = (int) (hidden * s.positiveNumber("xattn_cond_hidden_ratio"));
        int gateRows = (int) (hidden * s.positiveNumber("cond_gating_ratio") * 2);
        s.check(condDim > 0 && xattnDim > 0 && gateRows > 0, "the *_ratio fields give empty layers");
        return new Model(s.positive("num_layers"), hidden, s.positive("ffn_hidden_size"), heads, groups, headDim,
                s.positiveNumber("layernorm_epsilon"), s.flag("apply_layernorm_1p"), s.positiveNumber("x_rescale_factor"),
                half, dtype, s.positive("patch_size"), s.positive("t_patch_size"), in, s.positive("out_channels"),
                condDim, s.positive("caption_channels"), s.positive("caption_max_length"), xattnDim, gateRows,
                s.flag("gated_linear_unit"));
    }

    private static Runtime runtime(ConfigSection s) {
        double[] range = s.numbers("cfg_t_range");
        double[] history = s.numbers("prev_chunk_scales");
        double[] text = s.numbers("text_scales");
        s.check(history.length == range.length && text.length == range.length,
                "cfg_t_range, prev_chunk_scales and text_scales must have one entry per bucket");
        return new Runtime(s.positive("cfg_number"), boxed(range), boxed(history), boxed(text),
                Arrays.stream(s.positives("noise2clean_kvrange")).boxed().toList(), s.positive("clean_chunk_kvrange"),
                s.positiveNumber("clean_t"), (long) s.number("seed"), s.positive("num_frames"), s.positive("video_size_h"),
                s.positive("video_size_w"), s.positive("num_steps"), s.positive("window_size"), s.positive("fps"),
                s.positive("chunk_width"), s.text("load"), s.text("t5_pretrained"), s.text("t5_device"),
                s.text("vae_pretrained"), s.positiveNumber("scale_factor"), s.positive("temporal_downsample_factor"));
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /**
     * The weight folder under runtime_config.load, as the reference's checkpointing.load_state_dict names it:
     * {@code inference_weight}, then {@code .fp8} when fp8_quant, then {@code .distill} when distill.
     */
    public String weightFolderName() {
        return "inference_weight" + (engine.fp8Quant() ? ".fp8" : "") + (engine.distill() ? ".distill" : "");
    }

    /** The DiT layers whose linears are fp8 under fp8_quant: all but the first and the last. */
    public boolean quantizedLayer(int layer) {
        return engine.fp8Quant() && layer != 0 && layer != model.layers() - 1;
    }
}
