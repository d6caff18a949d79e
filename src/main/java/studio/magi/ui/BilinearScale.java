package studio.magi.ui;

/**
 * Scales opaque ARGB pixels bilinearly, as JavaFX's software renderer stretches an image (pixel centres aligned,
 * edges held), in two passes: each source row across to the target width, then each target row as a blend of two of
 * those. Weights are in 256ths, red and blue blended in one multiply; the taps for a pair of sizes are computed once.
 */
final class BilinearScale {
    private final int sw;
    private final int sh;
    private final int width;
    private final int height;
    private final int[] x0;
    private final int[] x1;
    private final int[] xw;
    private final int[] y0;
    private final int[] y1;
    private final int[] yw;
    private final int[] across;

    BilinearScale(int sw, int sh, int width, int height) {
        this.sw = sw;
        this.sh = sh;
        this.width = width;
        this.height = height;
        x0 = new int[width];
        x1 = new int[width];
        xw = new int[width];
        y0 = new int[height];
        y1 = new int[height];
        yw = new int[height];
        taps(sw, width, x0, x1, xw);
        taps(sh, height, y0, y1, yw);
        across = new int[sh * width];
    }

    boolean fits(int sourceWidth, int sourceHeight) {
        return sourceWidth == sw && sourceHeight == sh;
    }

    /** {@code source} (sw x sh) into {@code target} (width x height), both row by row. */
    void scale(int[] source, int[] target) {
        for (int sy = 0; sy < sh; sy++) {
            int from = sy * sw;
            int to = sy * width;
            for (int x = 0; x < width; x++) {
                across[to + x] = blend(source[from + x0[x]], source[from + x1[x]], xw[x]);
            }
        }
        for (int y = 0; y < height; y++) {
            int a = y0[y] * width;
            int b = y1[y] * width;
            int w = yw[y];
            int to = y * width;
            for (int x = 0; x < width; x++) {
                target[to + x] = blend(across[a + x], across[b + x], w);
            }
        }
    }

    /** For each target pixel, the two source pixels around its centre and the second one's weight. */
    private static void taps(int from, int to, int[] first, int[] second, int[] weight) {
        for (int i = 0; i < to; i++) {
            double at = Math.max(0, Math.min(from - 1, (i + 0.5) * from / to - 0.5));
            int lo = (int) at;
            first[i] = lo;
            second[i] = Math.min(lo + 1, from - 1);
            weight[i] = (int) Math.round((at - lo) * 256);
        }
    }

    private static int blend(int a, int b, int w) {
        int v = 256 - w;
        int rb = ((a & 0xff00ff) * v + (b & 0xff00ff) * w) >>> 8 & 0xff00ff;
        int g = ((a & 0xff00) * v + (b & 0xff00) * w) >>> 8 & 0xff00;
        return 0xff000000 | rb | g;
    }
}
