package studio.magi.engine.magi;

/**
 * model_config of config.json: the DiT's sizes, named as in the MAGI reference. {@code absPosGrid} is nano's own
 * field {@code abs_pos_embed} (latent frames, token rows, token columns of a chunk), absent in the reference: a
 * learned position per token of a chunk, or null.
 */
public record DitConfig(int layers, int hidden, int ffnHidden, int heads, int groups, int headDim, double eps,
        boolean layerNorm1p, double xRescale, int patch, int inChannels, int outChannels, int condDim,
        int captionChannels, int captionLength, int xattnDim, double gateCap, int ropeRefGrid, int[] absPosGrid) {

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
        return new DitConfig(s.positive("num_layers"), hidden, s.positive("ffn_hidden_size"), heads, groups, headDim,
                s.positiveNumber("layernorm_epsilon"), s.flag("apply_layernorm_1p"), s.positiveNumber("x_rescale_factor"),
                s.positive("patch_size"), s.positive("in_channels"), s.positive("out_channels"), condDim,
                s.positive("caption_channels"), s.positive("caption_max_length"), xattnDim,
                s.positiveNumber("softcap_gate_cap"), s.positive("rope_ref_grid"), absPosGrid);
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
