package studio.magi.project;

import java.util.List;
import java.util.Objects;

/**
 * How a shot is rendered. {@code cfgNumber} is the number of guidance passes per chunk (1, 2 or 3);
 * {@code window} is how many chunks are denoised together (1 to 4).
 */
public record ShotSettings(int steps, int cfgNumber, double textGuidance, double historyGuidance, int window,
                           String model) {
    public static final List<Integer> STEP_CHOICES = List.of(4, 8, 16, 32, 64);
    public static final int MAX_WINDOW = 4;
    public static final double MAX_TEXT_GUIDANCE = 20;
    public static final double MAX_HISTORY_GUIDANCE = 10;
    /**
     * The built-in model's own sampling (8 steps, one pass, window 2: faster than playback on two cores), with the
     * reference implementation's guidance scales for when more passes are asked.
     */
    public static final ShotSettings DEFAULT = new ShotSettings(8, 1, 7.5, 1.5, 2, "nano");

    public ShotSettings {
        if (!STEP_CHOICES.contains(steps)) {
            throw new IllegalArgumentException("steps must be one of 4, 8, 16, 32, 64 (not " + steps + ")");
        }
        if (cfgNumber < 1 || cfgNumber > 3) {
            throw new IllegalArgumentException("guidance passes (cfgNumber) must be 1, 2 or 3 (not " + cfgNumber + ")");
        }
        if (!(textGuidance >= 0 && textGuidance <= MAX_TEXT_GUIDANCE)) {
            throw new IllegalArgumentException("text guidance must be between 0 and " + MAX_TEXT_GUIDANCE + " (not " + textGuidance + ")");
        }
        if (!(historyGuidance >= 0 && historyGuidance <= MAX_HISTORY_GUIDANCE)) {
            throw new IllegalArgumentException("history guidance must be between 0 and " + MAX_HISTORY_GUIDANCE + " (not " + historyGuidance + ")");
        }
        if (window < 1 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("window must be between 1 and " + MAX_WINDOW + " chunks (not " + window + ")");
        }
        Objects.requireNonNull(model, "a shot needs a model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("a shot's model name is empty");
        }
    }

    public ShotSettings withSteps(int v) {
        return new ShotSettings(v, cfgNumber, textGuidance, historyGuidance, window, model);
    }

    public ShotSettings withCfgNumber(int v) {
        return new ShotSettings(steps, v, textGuidance, historyGuidance, window, model);
    }

    public ShotSettings withTextGuidance(double v) {
        return new ShotSettings(steps, cfgNumber, v, historyGuidance, window, model);
    }

    public ShotSettings withHistoryGuidance(double v) {
        return new ShotSettings(steps, cfgNumber, textGuidance, v, window, model);
    }

    public ShotSettings withWindow(int v) {
        return new ShotSettings(steps, cfgNumber, textGuidance, historyGuidance, v, model);
    }
}
