package studio.magi.engine.magi;

/**
 * model_config of config.json: the DiT's sizes, named as in the MAGI reference. {@code absPosGrid} is nano's own
 * field {@code abs_pos_embed} (latent frames, token rows, token columns of a chunk), absent in the reference: a
 * learned position per token of a chunk, or null.
 *
 * <p>Three fields say where the reference computes otherwise than nano; absent from nano's config.json, they take
 * nano's behaviour, and {@link #ofReference} sets the reference's:
 * {@code nullCaptionValid} ({@code null_caption_valid_tokens}): how many leading positions of the null caption are
 * attended to (the reference: 50; nano: 0, meaning every position); {@code stepEmbedding} ({@code step_embedding}):
 * whether the step-size embedding joins the condition (the reference: only with engine_config.distill; nano: always);
 * {@code projInterleave} ({@code linear_proj_interleave}): the reference reorders linear_proj's input
 * {@code (n hn hd) -> (hn n hd)} with hn = 8, its tensor-parallel layout (nano: 1, no reordering);
 * {@code timestepFloat32} ({@code timestep_float32}): the timestep embedding's frequencies computed as the reference's
 * TimestepEmbedder does, {@code exp(-ln(10000) * i / 128)} with the exponent rounded to float32 and torch's float32
 * exp ({@link TimestepFrequencies#expf}; nano: false, the exponent and exp in double, rounded once). The two differ by up to 7 float32 ulps, which at
 * the distilled step-size embedding's arguments (64 steps: 32 000 radians) moves a tiny model's velocity by 2e-4.
 *
 * <p>Two more are the 24B's, reference only: {@code gatedLinearUnit} (gated_linear_unit: mlp.linear_fc1 has twice
 * ffn_hidden_size rows and the MLP computes SiLU(first half) x second half, flashinfer's silu_and_mul) and
 * {@code halfChannel} (half_channel_vae: the latent has half of in_channels, doubled to them by concatenation before the
 * patch embedding; the velocity is the first half of out_channels).
 */
public record DitConfig(int layers, int hidden, int ffnHidden, int heads, int groups, int headDim, double eps,
        boolean layerNorm1p, double xRescale, int patch, int inChannels, int outChannels, int condDim,
        int captionChannels, int captionLength, int xattnDim, double gateCap, int ropeRefGrid, int[] absPosGrid,
        int nullCaptionValid, boolean stepEmbedding, int projInterleave, boolean timestepFloat32,
        boolean gatedLinearUnit, boolean halfChannel) {

    /** The reference's null caption: its first 50 positions are attended to (video_generate.py, null_token_length). */
    static final int REFERENCE_NULL_CAPTION_VALID = 50;
    /** The reference's linear_proj input layout: "(n hn hd) -> (hn n hd)" with hn = 8 (dit_module.py). */
    static final int REFERENCE_PROJ_INTERLEAVE = 8;
    /** The reference's spatial rotary grid (ref_feat_shape: 16x16 tokens) and gate cap (softcap_gate_cap = 1.0). */
    static final int REFERENCE_ROPE_GRID = 16;
    /** half_channel_vae: the reference's latent is 16 channels, doubled to 32 (video_generate.py, dit_model.py's asserts). */
    static final int REFERENCE_HALF_LATENT = 16;

    static DitConfig read(ConfigSection s) {
        int hidden = s.positive("hidden_size");
        int heads = s.positive("num_attention_heads");
        int groups = s.positive("num_query_groups");
        s.check(heads % groups == 0, "num_attention_heads (" + heads + ") must be a multiple of num_query_groups (" + groups + ")");
        int headDim = s.positive("kv_channels");
        s.require(s.positive("t_patch_size") == 1, "t_patch_size", "1");
        s.require(!s.flag("gated_linear_unit"), "gated_linear_unit", "false");
        s.require(s.positiveNumber("cond_gating_ratio") == 1.0, "cond_gating_ratio", "1.0");
        int condDim = (int) (hidden * s.positiveNumber("cond_hidden_ratio"));
        int xattnDim = (int) (hidden * s.positiveNumber("xattn_cond_hidden_ratio"));
        s.check(condDim > 0 && xattnDim > 0, "cond_hidden_ratio and xattn_cond_hidden_ratio give empty layers");
        int[] absPosGrid = s.has("abs_pos_embed") ? s.positives("abs_pos_embed") : null;
        s.check(absPosGrid == null || absPosGrid.length == 3, "abs_pos_embed must name 3 sizes: latent frames, rows, columns");
        int captionLength = s.positive("caption_max_length");
        int nullValid = s.has("null_caption_valid_tokens") ? s.positive("null_caption_valid_tokens") : 0;
        s.check(nullValid <= captionLength, "null_caption_valid_tokens cannot exceed caption_max_length");
        int interleave = s.has("linear_proj_interleave") ? s.positive("linear_proj_interleave") : 1;
        s.check(heads * headDim % interleave == 0, "linear_proj_interleave must divide num_attention_heads * kv_channels");
        return new DitConfig(s.positive("num_layers"), hidden, s.positive("ffn_hidden_size"), heads, groups, headDim,
                s.positiveNumber("layernorm_epsilon"), s.flag("apply_layernorm_1p"), s.positiveNumber("x_rescale_factor"),
                s.positive("patch_size"), s.positive("in_channels"), s.positive("out_channels"), condDim,
                s.positive("caption_channels"), captionLength, xattnDim,
                s.positiveNumber("softcap_gate_cap"), s.positive("rope_ref_grid"), absPosGrid, nullValid,
                !s.has("step_embedding") || s.flag("step_embedding"), interleave,
                s.has("timestep_float32") && s.flag("timestep_float32"), false, false);
    }

    /**
     * The DiT of a reference config, computed as the reference computes it (see the class comment). What the engine
     * does not compute is refused: a temporal patch, rotary and head widths that differ, and a half-channel model
     * whose channels are not the 32 the reference's code asserts.
     */
    static DitConfig ofReference(ReferenceConfig config) {
        ReferenceConfig.Model m = config.model();
        String file = config.file() + ": model_config.";
        int doubled = 2 * REFERENCE_HALF_LATENT;
        if (m.halfChannelVae() && (m.inChannels() != doubled || m.outChannels() != doubled)) {
            throw new CheckpointException(file + "half_channel_vae needs in_channels and out_channels " + doubled
                    + " (the reference doubles a " + REFERENCE_HALF_LATENT + "-channel latent), not " + m.inChannels()
                    + " and " + m.outChannels());
        }
        if (m.tPatch() != 1) {
            throw new CheckpointException(file + "t_patch_size is " + m.tPatch() + "; this engine supports 1");
        }
        if (m.ropeDim() != m.headDim() || m.gateRows() != 2 * m.hidden()) {
            throw new CheckpointException(file + "hidden_size / num_attention_heads must equal kv_channels and "
                    + "cond_gating_ratio be 1 for this engine");
        }
        return new DitConfig(m.layers(), m.hidden(), m.ffnHidden(), m.heads(), m.groups(), m.headDim(), m.eps(),
                m.layerNorm1p(), m.xRescale(), m.patch(), m.inChannels(), m.outChannels(), m.condDim(),
                m.captionChannels(), m.captionLength(), m.xattnDim(), 1.0, REFERENCE_ROPE_GRID, null,
                Math.min(REFERENCE_NULL_CAPTION_VALID, m.captionLength()), config.engine().distill(), REFERENCE_PROJ_INTERLEAVE,
                true, m.gatedLinearUnit(), m.halfChannelVae());
    }

    /** Channels of the latent the DiT reads: in_channels, or half of them with half_channel_vae. */
    public int latentChannels() {
        return halfChannel ? inChannels / 2 : inChannels;
    }

    /** Channels of the velocity: out_channels, or with half_channel_vae the first half, which the reference keeps. */
    public int velocityChannels() {
        return halfChannel ? outChannels / 2 : outChannels;
    }

    /** Rows of mlp.linear_fc1: the gate's and the value's with the gated linear unit. */
    public int fc1Rows() {
        return gatedLinearUnit ? 2 * ffnHidden : ffnHidden;
    }

    /**
     * The step count whose step-size embedding ({@code num_steps / 4 * 2}) the reference's dit_model.py adds for a pass
     * of a distilled model: {@code numSteps}, except for 12 steps, where the reference takes
     * {@code 4 / distill_interval * 2} with the pass's interval (video_generate.py's init_intervel: 2, 1, 1, ...),
     * the embedding of 16 / interval steps.
     */
    static int referenceStepCount(int numSteps, int distillInterval) {
        if (numSteps != 12) {
            return numSteps;
        }
        if (distillInterval <= 0 || 16 % distillInterval != 0) {
            throw new IllegalArgumentException("a 12-step interval of " + distillInterval + " (the reference's are 1 or 2)");
        }
        return 16 / distillInterval;
    }

    /** The null caption's attention mask: its first {@code nullCaptionValid} positions (every one when 0). */
    float[] nullCaptionMask() {
        float[] mask = new float[captionLength];
        java.util.Arrays.fill(mask, 0, nullCaptionValid == 0 ? captionLength : nullCaptionValid, 1f);
        return mask;
    }

    /** Tokens of a chunk that carry a learned position (0 without abs_pos_embed). */
    public int absPosTokens() {
        return absPosGrid == null ? 0 : absPosGrid[0] * absPosGrid[1] * absPosGrid[2];
    }

    /** Rotary bands per axis: a quarter of the head's dimensions is rotated per axis pair, as in the reference. */
    public int ropeBands() {
        return headDim / 8;
    }
}
