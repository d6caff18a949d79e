package studio.magi.playground;

import java.util.Map;

/** The scores of generated clips, with the same scores of each baseline (null when the prefix is empty). */
public record EvalReport(int prefixChunks, Scores generated, Map<Baseline, Scores> baselines) {
    public EvalReport {
        baselines = Map.copyOf(baselines);
    }
}
