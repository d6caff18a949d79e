package studio.magi.engine.magi;

import java.util.Arrays;
import java.util.List;

/** runtime_config of config.json: how the reference samples (grid, window, cache, guidance) and the file names. */
public record RuntimeConfig(int cfgNumber, List<Double> cfgTRange, List<Double> historyScales, List<Double> textScales,
        List<Integer> noiseToCleanKvRange, int cleanChunkKvRange, double cleanT, long seed, int numFrames, int height,
        int width, int steps, int window, int fps, int chunkWidth, double shift, double scaleFactor, int temporalFactor,
        String textEncoderFile, String vaeFile) {

    public RuntimeConfig {
        cfgTRange = List.copyOf(cfgTRange);
        historyScales = List.copyOf(historyScales);
        textScales = List.copyOf(textScales);
        noiseToCleanKvRange = List.copyOf(noiseToCleanKvRange);
    }

    static RuntimeConfig read(ConfigSection s) {
        double[] range = s.numbers("cfg_t_range");
        double[] history = s.numbers("prev_chunk_scales");
        double[] text = s.numbers("text_scales");
        s.check(history.length == range.length && text.length == range.length,
                "cfg_t_range, prev_chunk_scales and text_scales must have one entry per bucket");
        s.require(s.text("t_schedule_func").equals("sd3"), "t_schedule_func", "\"sd3\"");
        int cfg = s.positive("cfg_number");
        s.require(cfg <= 3, "cfg_number", "1, 2 or 3");
        return new RuntimeConfig(cfg, boxed(range), boxed(history), boxed(text),
                Arrays.stream(s.positives("noise2clean_kvrange")).boxed().toList(), s.positive("clean_chunk_kvrange"),
                s.positiveNumber("clean_t"), (long) s.number("seed"), s.positive("num_frames"), s.positive("video_size_h"),
                s.positive("video_size_w"), s.positive("num_steps"), s.positive("window_size"), s.positive("fps"),
                s.positive("chunk_width"), s.positiveNumber("t_schedule_shift"), s.positiveNumber("scale_factor"),
                s.positive("temporal_downsample_factor"), s.text("t5_pretrained"), s.text("vae_pretrained"));
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
