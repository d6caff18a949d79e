package studio.magi.engine;

import java.util.List;

/**
 * Classifier-free guidance scales by time bucket: a chunk at time t uses the scales of the last bucket edge
 * {@code tRange[i] <= t} (as the reference: searchsorted(range - 1e-7, t) - 1).
 */
public record Guidance(List<Double> tRange, List<Double> textScales, List<Double> historyScales) {
    public Guidance {
        tRange = List.copyOf(tRange);
        textScales = List.copyOf(textScales);
        historyScales = List.copyOf(historyScales);
        if (tRange.isEmpty() || textScales.size() != tRange.size() || historyScales.size() != tRange.size()) {
            throw new IllegalArgumentException("guidance needs one text and one history scale per time bucket");
        }
    }

    public int bucket(float t) {
        int i = 0;
        for (int j = 0; j < tRange.size(); j++) {
            if (t > tRange.get(j) - 1e-7) {
                i = j;
            }
        }
        return i;
    }

    public float textScale(float t) {
        return textScales.get(bucket(t)).floatValue();
    }

    public float historyScale(float t) {
        return historyScales.get(bucket(t)).floatValue();
    }
}
