package studio.magi.playground;

import java.util.List;
import studio.magi.media.Frame;

/**
 * The Physics-IQ figures of a continuation against the simulated truth: where motion happens at all (spatial IoU
 * of the masks collapsed over time), where and when (per-frame IoU, averaged), how much (IoU of the per-pixel share
 * of frames in motion), and the mean squared pixel error (channels scaled to [0, 1]). An empty union counts as a
 * perfect match, as in the benchmark.
 */
public record PhysicsScores(double spatialIou, double spatiotemporalIou, double weightedSpatialIou, double mse) {

    /** Compares two equally long runs of frames of one size. */
    public static PhysicsScores compare(List<Frame> truth, List<Frame> generated) {
        return compare(truth, MotionMasks.of(truth), generated, MotionMasks.of(generated));
    }

    /** As {@link #compare(List, List)}, with the masks computed beforehand (the truth's serve several comparisons). */
    public static PhysicsScores compare(List<Frame> truth, MotionMasks truthMasks, List<Frame> generated, MotionMasks generatedMasks) {
        if (truth.size() != generated.size() || truth.isEmpty() || truthMasks.size() != truth.size() || generatedMasks.size() != generated.size()) {
            throw new IllegalArgumentException("compare equally long, non-empty runs of frames: " + truth.size() + " and " + generated.size());
        }
        List<boolean[]> a = truthMasks.masks();
        List<boolean[]> b = generatedMasks.masks();
        int pixels = a.get(0).length;
        int n = a.size();
        boolean[] anyA = new boolean[pixels];
        boolean[] anyB = new boolean[pixels];
        int[] countA = new int[pixels];
        int[] countB = new int[pixels];
        double perFrame = 0;
        for (int f = 0; f < n; f++) {
            boolean[] ma = a.get(f);
            boolean[] mb = b.get(f);
            for (int i = 0; i < pixels; i++) {
                anyA[i] |= ma[i];
                anyB[i] |= mb[i];
                countA[i] += ma[i] ? 1 : 0;
                countB[i] += mb[i] ? 1 : 0;
            }
            perFrame += iou(ma, mb);
        }
        double inter = 0;
        double union = 0;
        for (int i = 0; i < pixels; i++) {
            inter += Math.min(countA[i], countB[i]);
            union += Math.max(countA[i], countB[i]);
        }
        double weighted = union == 0 ? 1.0 : inter / union;
        return new PhysicsScores(iou(anyA, anyB), perFrame / n, weighted, mse(truth, generated));
    }

    /** The mean of several clips' figures. */
    public static PhysicsScores mean(List<PhysicsScores> all) {
        if (all.isEmpty()) {
            return null;
        }
        double s = 0;
        double st = 0;
        double ws = 0;
        double e = 0;
        for (PhysicsScores p : all) {
            s += p.spatialIou;
            st += p.spatiotemporalIou;
            ws += p.weightedSpatialIou;
            e += p.mse;
        }
        int n = all.size();
        return new PhysicsScores(s / n, st / n, ws / n, e / n);
    }

    private static double iou(boolean[] a, boolean[] b) {
        int inter = 0;
        int union = 0;
        for (int i = 0; i < a.length; i++) {
            inter += a[i] && b[i] ? 1 : 0;
            union += a[i] || b[i] ? 1 : 0;
        }
        return union == 0 ? 1.0 : (double) inter / union;
    }

    private static double mse(List<Frame> a, List<Frame> b) {
        double total = 0;
        for (int f = 0; f < a.size(); f++) {
            Frame x = a.get(f);
            total += x.squaredError(b.get(f)) / (255.0 * 255.0) / (3.0 * x.width() * x.height());
        }
        return total / a.size();
    }
}
