package studio.magi.engine;

import java.util.List;

/** The sampler's clock: 0 is noise, 1 is clean. */
public final class TimeGrid {
    private TimeGrid() {
    }

    /**
     * steps + 1 points: linspace(0, 1) squared, then the SD3 shift, computed in double and rounded to float as the
     * reference does (its linspace fills the second half from the end).
     */
    public static float[] of(int steps, double shift) {
        float[] grid = new float[steps + 1];
        double step = 1.0 / steps;
        int halfway = (steps + 1) / 2;
        double inv = 1.0 / shift;
        for (int i = 0; i <= steps; i++) {
            double t = i < halfway ? step * i : 1.0 - step * (steps - i);
            t = t * t;
            grid[i] = (float) (inv * t / (1 + (inv - 1) * t));
        }
        return grid;
    }

    /** Steps a chunk takes before the next one enters: steps / window, rounded up. */
    public static int stageLength(int steps, int window) {
        return -Math.floorDiv(-steps, window);
    }

    /** How many chunks (itself included) a chunk that has done {@code done} steps attends to. */
    public static int kvRange(int done, int steps, List<Integer> kvRanges) {
        int per = Math.max(1, steps / kvRanges.size());
        return kvRanges.get(Math.min(done / per, kvRanges.size() - 1));
    }
}
