package studio.magi.playground;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The world's colours for reading a video back: the nearest colour of the world to a pixel (which finds the
 * background), and the object colour a pixel shows over a known background; none when it is far from all of them
 * (noise).
 */
final class Palette {
    /** Farther than this (RGB distance) from every colour of the world, a pixel is nobody's. */
    static final int MAX_DISTANCE = 80;

    final List<String> names = new ArrayList<>();
    private final int[] reds;
    private final int[] greens;
    private final int[] blues;
    private final int backgrounds;

    Palette(World world) {
        List<Rgb> all = new ArrayList<>();
        for (Map.Entry<String, Rgb> e : world.backgrounds().entrySet()) {
            names.add(e.getKey());
            all.add(e.getValue());
        }
        backgrounds = all.size();
        for (Map.Entry<String, Rgb> e : world.colors().entrySet()) {
            names.add(e.getKey());
            all.add(e.getValue());
        }
        reds = all.stream().mapToInt(Rgb::r).toArray();
        greens = all.stream().mapToInt(Rgb::g).toArray();
        blues = all.stream().mapToInt(Rgb::b).toArray();
    }

    /** Remembers the label of each pixel value seen, per background: a clip holds few distinct colours. */
    final class Labels {
        private static final int SLOTS = 1 << 13;
        private final int[][] keys = new int[backgrounds + 1][SLOTS];
        private final int[][] values = new int[backgrounds + 1][SLOTS];

        Labels() {
            for (int[] k : keys) {
                Arrays.fill(k, -1);
            }
        }

        /** {@link #nearest} for background -1, else {@link #blendOf}. */
        int of(int background, int r, int g, int b) {
            int key = r << 16 | g << 8 | b;
            int slot = (key * 0x9E3779B1) >>> (32 - 13);
            int[] k = keys[background + 1];
            if (k[slot] == key) {
                return values[background + 1][slot];
            }
            int label = background < 0 ? nearest(r, g, b) : blendOf(background, r, g, b);
            k[slot] = key;
            values[background + 1][slot] = label;
            return label;
        }
    }

    int size() {
        return names.size();
    }

    boolean isBackground(int index) {
        return index >= 0 && index < backgrounds;
    }

    /**
     * The colour a pixel shows over a known background. Edges of a blurred or chroma-subsampled object are blends of
     * its colour and the background, and a blend can lie nearer a third colour (red over white is nearest magenta
     * half-way); so each object colour is judged by how well its blend line with the background explains the pixel,
     * and the pixel is the object's when it is at least half-way along the best line. Returns the background's index,
     * an object colour's, or -1 when no line comes within {@link #MAX_DISTANCE}.
     */
    int blendOf(int background, int r, int g, int b) {
        double br = reds[background];
        double bg = greens[background];
        double bb = blues[background];
        double pr = r - br;
        double pg = g - bg;
        double pb = b - bb;
        int best = -1;
        double bestD = (double) MAX_DISTANCE * MAX_DISTANCE;
        double bestAlpha = 0;
        for (int i = backgrounds; i < reds.length; i++) {
            double cr = reds[i] - br;
            double cg = greens[i] - bg;
            double cb = blues[i] - bb;
            double alpha = Math.max(0, Math.min(1, (pr * cr + pg * cg + pb * cb) / (cr * cr + cg * cg + cb * cb)));
            double er = pr - alpha * cr;
            double eg = pg - alpha * cg;
            double eb = pb - alpha * cb;
            double d = er * er + eg * eg + eb * eb;
            if (d <= bestD) {
                bestD = d;
                best = i;
                bestAlpha = alpha;
            }
        }
        if (best < 0) {
            return -1;
        }
        return bestAlpha >= 0.5 ? best : background;
    }

    /** Index of the nearest colour within {@link #MAX_DISTANCE}, or -1. */
    int nearest(int r, int g, int b) {
        int best = -1;
        int bestD = MAX_DISTANCE * MAX_DISTANCE + 1;
        for (int i = 0; i < reds.length; i++) {
            int dr = r - reds[i];
            int dg = g - greens[i];
            int db = b - blues[i];
            int d = dr * dr + dg * dg + db * db;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }
}
