package studio.magi.playground;

import java.util.Arrays;

/**
 * Names the motion of a centroid track (one chunk, frame units, NaN where the object is missing) by the simplest
 * physical model that explains it within tolerance: still; uniform (sliding left/right, rising); free fall under the
 * world's gravity (falling); free fall in pieces joined by bounces off the floor, ceiling, walls or the other object
 * (bouncing). Tolerances are in pixels of the clip, so a small clip is judged by what it can show.
 */
public final class MotionFit {
    /** RMS distance (px) a model may miss the track by: the centroid of a drawn shape wobbles by a fraction of a pixel. */
    static final double FIT_TOLERANCE = 0.7;
    /** A track that stays within this many px of its mean stands still. */
    static final double STILL_RANGE = 0.75;
    /** A slide or rise covers at least this many px in a chunk. */
    static final double MIN_TRAVEL = 1.5;
    /** Two fitted pieces must meet within this many px around their joint: farther is a jump. */
    static final double JOINT_TOLERANCE = 1.5;
    /** A fall starts no faster upwards than this (px per frame). */
    static final double FALL_START_SLACK = 0.15;
    /** Farther than this (frame units) from one frame to the next is a teleport; the world's fastest object moves ~0.06. */
    static final double TELEPORT = 0.12;
    /** Share of a chunk's frames an object must show in to be named a motion at all. */
    static final double MIN_PRESENCE = 0.75;
    /** Share of a chunk's frames an object must show in to move plausibly (not flicker). */
    static final double STEADY_PRESENCE = 0.9;
    private static final int MAX_PIECES_Y = 4;
    private static final int MAX_PIECES_X = 3;

    private final int width;
    private final int height;
    private final double gravityPx;

    public MotionFit(World world, int width, int height) {
        this.width = width;
        this.height = height;
        this.gravityPx = world.physics().gravity() * world.dt() * world.dt() * height;
    }

    /** The motion the track shows, or null when it shows none of the world's motions (or too little of the object). */
    public Motion classify(double[] xs, double[] ys) {
        Points p = points(xs, ys);
        if (p.n < MIN_PRESENCE * xs.length || p.n < 4) {
            return null;
        }
        if (p.spread(p.x) <= STILL_RANGE && p.spread(p.y) <= STILL_RANGE) {
            return Motion.STILL;
        }
        Line lx = new Pieces(p.t, p.x, p.n).line(0, p.n);
        Line ly = new Pieces(p.t, p.y, p.n).line(0, p.n);
        double span = p.t[p.n - 1] - p.t[0];
        if (lx.rms() <= FIT_TOLERANCE && ly.rms() <= FIT_TOLERANCE) {
            double dx = lx.slope * span;
            double dy = ly.slope * span;
            if (Math.abs(dx) >= MIN_TRAVEL && Math.abs(dy) <= Math.max(STILL_RANGE, 0.2 * Math.abs(dx))) {
                return dx < 0 ? Motion.SLIDING_LEFT : Motion.SLIDING_RIGHT;
            }
            if (dy <= -MIN_TRAVEL && Math.abs(dx) <= Math.max(STILL_RANGE, 0.2 * Math.abs(dy))) {
                return Motion.RISING;
            }
            return null;
        }
        Pieces fall = new Pieces(p.t, p.minusGravity(gravityPx), p.n);
        Line lf = fall.line(0, p.n);
        if (lx.rms() <= FIT_TOLERANCE && Math.abs(lx.slope * span) <= STILL_RANGE
                && lf.rms() <= FIT_TOLERANCE && lf.slope + gravityPx * p.t[0] >= -FALL_START_SLACK) {
            return Motion.FALLING;
        }
        if (fall.explainedBy(MAX_PIECES_Y) && new Pieces(p.t, p.x, p.n).explainedBy(MAX_PIECES_X)) {
            return Motion.BOUNCING;
        }
        return null;
    }

    /**
     * Whether the track is physically plausible for the named motion: the object is there (almost) throughout,
     * never teleports, and the motion's model explains it without jitter. A bouncing object that has not met the
     * floor yet and has no sideways speed falls, which is plausible too.
     */
    public boolean plausible(Motion named, double[] xs, double[] ys) {
        Points p = points(xs, ys);
        if (p.n < STEADY_PRESENCE * xs.length) {
            return false;
        }
        for (int k = 1; k < p.n; k++) {
            double dx = (p.x[k] - p.x[k - 1]) / width;
            double dy = (p.y[k] - p.y[k - 1]) / height;
            if (Math.hypot(dx, dy) > TELEPORT * (p.t[k] - p.t[k - 1])) {
                return false;
            }
        }
        Motion seen = classify(xs, ys);
        return seen == named || named == Motion.BOUNCING && seen == Motion.FALLING;
    }

    private Points points(double[] xs, double[] ys) {
        int n = 0;
        double[] t = new double[xs.length];
        double[] x = new double[xs.length];
        double[] y = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isNaN(xs[i]) && !Double.isNaN(ys[i])) {
                t[n] = i;
                x[n] = xs[i] * width;
                y[n] = ys[i] * height;
                n++;
            }
        }
        return new Points(t, x, y, n);
    }

    /** The frames of a track where the object shows, in pixels. */
    private record Points(double[] t, double[] x, double[] y, int n) {
        /** The largest distance from the mean. */
        double spread(double[] v) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += v[i];
            }
            mean /= n;
            double worst = 0;
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(v[i] - mean));
            }
            return worst;
        }

        /** y less the drop gravity alone would cause, so a free fall becomes a straight line. */
        double[] minusGravity(double g) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = y[i] - 0.5 * g * t[i] * t[i];
            }
            return out;
        }
    }

    /** A least-squares line over some points of a series. */
    private record Line(double intercept, double slope, double sse, int count) {
        double at(double t) {
            return intercept + slope * t;
        }

        double rms() {
            return Math.sqrt(sse / count);
        }
    }

    /** A series v(t) cut into straight pieces, with prefix sums so any piece's line costs O(1). */
    private static final class Pieces {
        private final double[] t;
        private final int n;
        private final double[] s1;
        private final double[] st;
        private final double[] stt;
        private final double[] sv;
        private final double[] stv;
        private final double[] svv;

        Pieces(double[] t, double[] v, int n) {
            this.t = t;
            this.n = n;
            s1 = new double[n + 1];
            st = new double[n + 1];
            stt = new double[n + 1];
            sv = new double[n + 1];
            stv = new double[n + 1];
            svv = new double[n + 1];
            for (int i = 0; i < n; i++) {
                s1[i + 1] = s1[i] + 1;
                st[i + 1] = st[i] + t[i];
                stt[i + 1] = stt[i] + t[i] * t[i];
                sv[i + 1] = sv[i] + v[i];
                stv[i + 1] = stv[i] + t[i] * v[i];
                svv[i + 1] = svv[i] + v[i] * v[i];
            }
        }

        /** The line through points [from, to). */
        Line line(int from, int to) {
            double m = s1[to] - s1[from];
            double a = st[to] - st[from];
            double aa = stt[to] - stt[from];
            double b = sv[to] - sv[from];
            double ab = stv[to] - stv[from];
            double bb = svv[to] - svv[from];
            double varT = aa - a * a / m;
            double cov = ab - a * b / m;
            double varV = bb - b * b / m;
            double slope = varT > 1e-12 ? cov / varT : 0;
            double intercept = (b - slope * a) / m;
            double sse = Math.max(0, varV - (varT > 1e-12 ? cov * cov / varT : 0));
            return new Line(intercept, slope, sse, (int) m);
        }

        /**
         * Whether at most {@code maxPieces} lines of two or more points explain the series within tolerance and
         * meet where they join: a bounce or a collision changes the velocity, never the position.
         */
        boolean explainedBy(int maxPieces) {
            double[][] cost = new double[maxPieces + 1][n + 1];
            int[][] from = new int[maxPieces + 1][n + 1];
            for (double[] row : cost) {
                Arrays.fill(row, Double.POSITIVE_INFINITY);
            }
            cost[0][0] = 0;
            for (int k = 1; k <= maxPieces; k++) {
                for (int end = 2 * k; end <= n; end++) {
                    for (int start = 2 * (k - 1); start <= end - 2; start++) {
                        double c = cost[k - 1][start] + line(start, end).sse;
                        if (c < cost[k][end]) {
                            cost[k][end] = c;
                            from[k][end] = start;
                        }
                    }
                }
                if (cost[k][n] <= FIT_TOLERANCE * FIT_TOLERANCE * n && joined(from, k)) {
                    return true;
                }
            }
            return false;
        }

        private boolean joined(int[][] from, int k) {
            int end = n;
            for (int s = k; s > 1; s--) {
                int cut = from[s][end];
                int start = from[s - 1][cut];
                Line before = line(start, cut);
                Line after = line(cut, end);
                double gapBefore = before.at(t[cut - 1]) - after.at(t[cut - 1]);
                double gapAfter = before.at(t[cut]) - after.at(t[cut]);
                if (gapBefore * gapAfter > 0 && Math.min(Math.abs(gapBefore), Math.abs(gapAfter)) > JOINT_TOLERANCE) {
                    return false;
                }
                end = cut;
            }
            return true;
        }
    }
}
