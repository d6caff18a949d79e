package studio.magi.cli;

import picocli.CommandLine.Option;
import studio.magi.engine.SamplerSettings;

/** The sampler flags that generate, eval and bench share; each falls back to the checkpoint's setting. */
final class SamplerOptions {
    @Option(names = {"--steps", "--num_steps"}, description = "Denoising steps per chunk: 4, 8, 16, 32 or 64, or 12 with a MAGI-1 distilled checkpoint (default: the checkpoint's).")
    Integer steps;

    @Option(names = {"--window", "--window_size"}, description = "Chunks denoised side by side, 1 to 4 (default: the checkpoint's).")
    Integer window;

    @Option(names = {"--cfg-number", "--cfg_number"},
            description = "Guidance passes: 1 (distilled), 2 (text) or 3 (text and history) (default: the checkpoint's).")
    Integer cfgNumber;

    /** The model's defaults with the flags given; an impossible value is a one-line user error. */
    SamplerSettings over(SamplerSettings defaults) {
        try {
            SamplerSettings s = defaults;
            s = steps == null ? s : s.withSteps(steps);
            s = window == null ? s : s.withWindow(window);
            return cfgNumber == null ? s : s.withCfgNumber(cfgNumber);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
