package studio.magi.playground;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import studio.magi.media.Frame;

/**
 * One frame read back: its background (the colour most of it shows, or none) and the blobs of object colours large
 * and compact enough to be objects rather than stray pixels.
 */
record FrameReading(int background, List<List<Blob>> blobsByColor) {
    /** A background covers at least this share of the frame. */
    static final double MIN_BACKGROUND_SHARE = 0.4;
    /** Blobs filling less of their box than this are rings and streaks, not objects (a triangle fills half). */
    static final double MIN_FILL = 0.3;

    /** Reads the frames of one clip, reusing its buffers; one reader per thread. */
    static final class Reader {
        private final Palette palette;
        private final Palette.Labels labels;
        private final int minArea;
        private final int w;
        private final int h;
        private final int[] label;
        private final boolean[] seen;
        private final int[] stack;
        private final int[] members;

        Reader(Palette palette, int width, int height, int minArea) {
            this.palette = palette;
            this.labels = palette.new Labels();
            this.minArea = minArea;
            this.w = width;
            this.h = height;
            label = new int[w * h];
            seen = new boolean[w * h];
            stack = new int[w * h];
            members = new int[w * h];
        }

        FrameReading read(Frame frame) {
            byte[] rgb = frame.bytes();
            int n = w * h;
            int[] counts = new int[palette.size()];
            labelAll(rgb, -1);
            for (int p = 0; p < n; p++) {
                if (label[p] >= 0) {
                    counts[label[p]]++;
                }
            }
            int background = -1;
            for (int i = 0; i < palette.size(); i++) {
                if (palette.isBackground(i) && counts[i] >= MIN_BACKGROUND_SHARE * n
                        && (background < 0 || counts[i] > counts[background])) {
                    background = i;
                }
            }
            if (background >= 0) {
                labelAll(rgb, background);
            }
            List<List<Blob>> blobs = new ArrayList<>();
            for (int i = 0; i < palette.size(); i++) {
                blobs.add(new ArrayList<>());
            }
            Arrays.fill(seen, false);
            for (int start = 0; start < n; start++) {
                int l = label[start];
                if (seen[start] || l < 0 || palette.isBackground(l)) {
                    continue;
                }
                int size = fill(start, l);
                if (size >= minArea) {
                    Blob b = blob(l, size);
                    if (b.area() >= MIN_FILL * b.boxWidth() * b.boxHeight()) {
                        blobs.get(l).add(b);
                    }
                }
            }
            for (List<Blob> list : blobs) {
                list.sort(Comparator.comparingInt(Blob::area).reversed());
            }
            return new FrameReading(background, blobs);
        }

        /** Labels every pixel over the background (-1: none known); runs of one value, the common case, are looked up once. */
        private void labelAll(byte[] rgb, int background) {
            int last = -1;
            int lastLabel = -1;
            for (int p = 0; p < w * h; p++) {
                int r = rgb[3 * p] & 0xFF;
                int g = rgb[3 * p + 1] & 0xFF;
                int b = rgb[3 * p + 2] & 0xFF;
                int packed = r << 16 | g << 8 | b;
                if (packed != last) {
                    last = packed;
                    lastLabel = labels.of(background, r, g, b);
                }
                label[p] = lastLabel;
            }
        }

        /** Collects the 8-connected patch of label l from start into {@code members}; returns its size. */
        private int fill(int start, int l) {
            int count = 0;
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int p = stack[--top];
                members[count++] = p;
                int px = p % w;
                int py = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    int qy = py + dy;
                    if (qy < 0 || qy >= h) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int qx = px + dx;
                        if (qx >= 0 && qx < w) {
                            int q = qy * w + qx;
                            if (!seen[q] && label[q] == l) {
                                seen[q] = true;
                                stack[top++] = q;
                            }
                        }
                    }
                }
            }
            return count;
        }

        private Blob blob(int color, int n) {
            int x0 = Integer.MAX_VALUE;
            int y0 = Integer.MAX_VALUE;
            int x1 = -1;
            int y1 = -1;
            double sx = 0;
            double sy = 0;
            for (int k = 0; k < n; k++) {
                int x = members[k] % w;
                int y = members[k] / w;
                x0 = Math.min(x0, x);
                y0 = Math.min(y0, y);
                x1 = Math.max(x1, x);
                y1 = Math.max(y1, y);
                sx += x + 0.5;
                sy += y + 0.5;
            }
            int bw = x1 - x0 + 1;
            boolean[] mask = new boolean[bw * (y1 - y0 + 1)];
            for (int k = 0; k < n; k++) {
                mask[(members[k] / w - y0) * bw + (members[k] % w - x0)] = true;
            }
            return new Blob(color, n, sx / n, sy / n, x0, y0, x1, y1, mask);
        }
    }
}
