package studio.magi.engine;

import java.util.List;
import java.util.Map;

/**
 * What a model's load-time known-answer test found on this machine: the path each part with a choice runs on, each
 * checked part's worst difference from the model's fixtures, the paths it rejected, the CPU, and the time it took.
 *
 * @param cpu      see {@link CpuInfo#describe()}
 * @param paths    part -> the path it runs on, e.g. "vae_pixel_head" -> "im2col-gemm"
 * @param results  one line per check, e.g. "VAE decoder (im2col-gemm): max abs diff 1.1e-06"
 * @param rejected one line per path that failed, naming the part, the difference and the CPU
 * @param millis   the check's time; 0 when nothing was checked
 * @param skipped  why nothing was checked, or null
 */
public record SelfCheck(String cpu, Map<String, String> paths, List<String> results, List<String> rejected, double millis,
        String skipped) {

    public SelfCheck {
        paths = Map.copyOf(paths);
        results = List.copyOf(results);
        rejected = List.copyOf(rejected);
    }

    /** Nothing checked, and why. */
    public static SelfCheck skipped(String cpu, Map<String, String> paths, String why) {
        return new SelfCheck(cpu, paths, List.of(), List.of(), 0, why);
    }

    /** One line: the outcome, the paths and the CPU. */
    public String summary() {
        String outcome = skipped != null ? "not checked (" + skipped + ")"
                : String.format(java.util.Locale.ROOT, "passed in %.0f ms", millis)
                        + (rejected.isEmpty() ? "" : ", " + rejected.size() + " path(s) rejected");
        return "self-check " + outcome + "; paths " + new java.util.TreeMap<>(paths) + "; CPU " + cpu;
    }
}
