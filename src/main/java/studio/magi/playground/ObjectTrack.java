package studio.magi.playground;

import java.util.Set;

/**
 * One object as a chunk of a clip shows it: its colour, the shape that explains it best and every shape that
 * explains it about as well (tiny objects can look alike), its centroid per frame (frame units, NaN where missing),
 * the motion its track shows (null: none of the world's) and whether it showed as several patches.
 */
public record ObjectTrack(String color, Shape shape, Set<Shape> alike, double[] xs, double[] ys, Motion motion, boolean split) {
    public ObjectTrack {
        alike = Set.copyOf(alike);
        xs = xs.clone();
        ys = ys.clone();
    }

    /** Whether the shape could be this one. */
    public boolean looksLike(Shape s) {
        return alike.contains(s);
    }

    /** Mean centroid over the frames where it shows, frame units. */
    public double[] meanPosition() {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isNaN(xs[i])) {
                sx += xs[i];
                sy += ys[i];
                n++;
            }
        }
        return new double[] {sx / n, sy / n};
    }

    /** The centroid in the first (or last) frame where it shows, or null. */
    public double[] endPosition(boolean last) {
        for (int k = 0; k < xs.length; k++) {
            int i = last ? xs.length - 1 - k : k;
            if (!Double.isNaN(xs[i])) {
                return new double[] {xs[i], ys[i]};
            }
        }
        return null;
    }
}
