package studio.magi.playground;

import java.util.ArrayList;
import java.util.List;
import studio.magi.media.Frame;

/**
 * Physics-IQ motion masks of a run of frames: grayscale, 5x5 Gaussian blur, a running-average background (alpha
 * 0.3), pixels that differ from it by more than 10 levels, then a 5x5 opening and closing; the first frame's mask is
 * empty. The arithmetic follows OpenCV's, as the benchmark's reference code uses it: BT.601 fixed-point grayscale,
 * the binomial 5-tap kernel with reflected borders, round-half-even back to 8 bits, and morphology that ignores
 * pixels outside the frame.
 */
public record MotionMasks(int width, int height, List<boolean[]> masks) {
    static final double ALPHA = 0.3;
    static final int THRESHOLD = 10;
    private static final int RADIUS = 2;

    public MotionMasks {
        masks = List.copyOf(masks);
    }

    public static MotionMasks of(List<Frame> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("motion masks need at least one frame");
        }
        int w = frames.get(0).width();
        int h = frames.get(0).height();
        List<boolean[]> masks = new ArrayList<>(frames.size());
        int[] first = blur(gray(frames.get(0)), w, h);
        double[] average = new double[w * h];
        for (int i = 0; i < average.length; i++) {
            average[i] = first[i];
        }
        masks.add(new boolean[w * h]);
        int[] g = first;
        for (int f = 1; f < frames.size(); f++) {
            if (frames.get(f) != frames.get(f - 1)) {
                g = blur(gray(frames.get(f)), w, h);
            }
            boolean[] moved = new boolean[w * h];
            for (int i = 0; i < g.length; i++) {
                average[i] = average[i] * (1 - ALPHA) + g[i] * ALPHA;
                int background = (int) Math.min(255, Math.rint(Math.abs(average[i])));
                moved[i] = Math.abs(g[i] - background) > THRESHOLD;
            }
            masks.add(openClose(moved, w, h));
        }
        return new MotionMasks(w, h, masks);
    }

    public int size() {
        return masks.size();
    }

    public boolean[] mask(int frame) {
        return masks.get(frame);
    }

    static int[] gray(Frame frame) {
        byte[] rgb = frame.bytes();
        int[] out = new int[rgb.length / 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((rgb[3 * i] & 0xFF) * 4899 + (rgb[3 * i + 1] & 0xFF) * 9617 + (rgb[3 * i + 2] & 0xFF) * 1868 + (1 << 13)) >> 14;
        }
        return out;
    }

    /** The 5x5 Gaussian OpenCV picks for sigma 0: [1 4 6 4 1] / 16 each way, borders reflected without the edge pixel. */
    static int[] blur(int[] src, int w, int h) {
        int[] k = {1, 4, 6, 4, 1};
        int[] xs = reflected(w);
        int[] ys = reflected(h);
        int[] rows = new int[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int s = 0;
                for (int d = 0; d <= 2 * RADIUS; d++) {
                    s += k[d] * src[row + xs[x + d]];
                }
                rows[row + x] = s;
            }
        }
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int s = 0;
                for (int d = 0; d <= 2 * RADIUS; d++) {
                    s += k[d] * rows[ys[y + d] * w + x];
                }
                out[y * w + x] = (s + 128) >> 8;
            }
        }
        return out;
    }

    /** Index i + RADIUS of the result is the source index for position i - RADIUS .. i + RADIUS, reflected (OpenCV's 101). */
    private static int[] reflected(int n) {
        int[] out = new int[n + 2 * RADIUS];
        for (int i = 0; i < out.length; i++) {
            int j = i - RADIUS;
            while (n > 1 && (j < 0 || j >= n)) {
                j = j < 0 ? -j : 2 * n - 2 - j;
            }
            out[i] = n > 1 ? j : 0;
        }
        return out;
    }

    /**
     * Opening then closing with the 5x5 square. Everything true stays within 4 px of the input's bounding box, so
     * only that region is computed.
     */
    static boolean[] openClose(boolean[] m, int w, int h) {
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (m[y * w + x]) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) {
            return m;
        }
        int[] region = {Math.max(0, x0 - 2 * RADIUS), Math.min(w - 1, x1 + 2 * RADIUS), Math.max(0, y0 - 2 * RADIUS),
            Math.min(h - 1, y1 + 2 * RADIUS)};
        boolean[] out = window(m, w, h, true, region);
        out = window(out, w, h, false, region);
        out = window(out, w, h, false, region);
        return window(out, w, h, true, region);
    }

    /**
     * All (erode) or any (dilate) of the 5x5 window, by running counts along rows then columns, inside the region
     * {x0, x1, y0, y1}; pixels outside the frame do not count either way.
     */
    private static boolean[] window(boolean[] m, int w, int h, boolean all, int[] region) {
        boolean[] rows = new boolean[w * h];
        for (int y = region[2]; y <= region[3]; y++) {
            pass(m, rows, y * w, 1, w, region[0], region[1], all);
        }
        boolean[] out = new boolean[w * h];
        for (int x = region[0]; x <= region[1]; x++) {
            pass(rows, out, x, w, h, region[2], region[3], all);
        }
        return out;
    }

    /** One direction over the line start + i * stride (i in 0..n-1), writing positions from..to. */
    private static void pass(boolean[] in, boolean[] out, int start, int stride, int n, int from, int to, boolean all) {
        int count = 0;
        for (int i = Math.max(0, from - RADIUS); i < Math.min(n, from + RADIUS); i++) {
            count += in[start + i * stride] ? 1 : 0;
        }
        for (int i = from; i <= to; i++) {
            int enter = i + RADIUS;
            int leave = i - RADIUS - 1;
            if (enter < n && in[start + enter * stride]) {
                count++;
            }
            if (leave >= 0 && in[start + leave * stride]) {
                count--;
            }
            int span = Math.min(n - 1, i + RADIUS) - Math.max(0, i - RADIUS) + 1;
            out[start + i * stride] = all ? count == span : count > 0;
        }
    }
}
