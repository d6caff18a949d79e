package studio.magi.engine.magi;

/** vae_config of config.json: the ViT-style video VAE. */
public record VaeConfig(int height, int width, int temporalFactor, int spatialFactor, int latentChannels, int hidden,
        int layers, int heads, int unpatchChannels, int headChannels) {

    static VaeConfig read(ConfigSection s) {
        VaeConfig c = new VaeConfig(s.positive("video_size_h"), s.positive("video_size_w"),
                s.positive("temporal_downsample_factor"), s.positive("spatial_downsample_factor"),
                s.positive("latent_channels"), s.positive("hidden_size"), s.positive("num_layers"), s.positive("num_heads"),
                s.positive("unpatch_channels"), s.positive("head_channels"));
        s.check(c.height % c.spatialFactor == 0 && c.width % c.spatialFactor == 0,
                "video_size_h and video_size_w must be multiples of spatial_downsample_factor");
        s.check(c.hidden % c.heads == 0, "hidden_size must be a multiple of num_heads");
        return c;
    }

    public int latentHeight() {
        return height / spatialFactor;
    }

    public int latentWidth() {
        return width / spatialFactor;
    }

    /** Values in one input patch: temporal x spatial x spatial x RGB. */
    int patchValues() {
        return temporalFactor * spatialFactor * spatialFactor * 3;
    }

    int tokens() {
        return latentHeight() * latentWidth();
    }
}
