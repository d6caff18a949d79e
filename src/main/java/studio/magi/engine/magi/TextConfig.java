package studio.magi.engine.magi;

/** text_config of config.json: the T5-style text encoder. */
public record TextConfig(int vocabSize, int hidden, int layers, int heads, int ffnHidden, int buckets, int maxDistance,
        int captionLength) {

    static TextConfig read(ConfigSection s) {
        TextConfig c = new TextConfig(s.positive("vocab_size"), s.positive("hidden_size"), s.positive("num_layers"),
                s.positive("num_heads"), s.positive("ffn_hidden_size"), s.positive("relative_attention_num_buckets"),
                s.positive("relative_attention_max_distance"), s.positive("caption_max_length"));
        s.check(c.hidden % c.heads == 0, "hidden_size must be a multiple of num_heads");
        s.check(c.buckets >= 4, "relative_attention_num_buckets must be at least 4");
        return c;
    }
}
