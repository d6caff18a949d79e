package studio.magi.engine;

import java.util.Arrays;

/**
 * Fits pictures of any size to the model's: the largest centred crop of the model's aspect ratio, then an area
 * average (each output pixel the mean of the source area it covers), so a large picture shrinks without aliasing.
 */
public final class PictureFit {
    private PictureFit() {
    }

    /** The source pixels one output pixel covers along one axis: from {@code first}, with these weights (sum 1). */
    private record Span(int first, double[] weights) {
    }

    public static Frames to(Frames in, int width, int height) {
        if (in.width() == width && in.height() == height) {
            return in;
        }
        double scale = Math.min((double) in.width() / width, (double) in.height() / height);
        Span[] xs = spans(in.width(), width * scale, width);
        Span[] ys = spans(in.height(), height * scale, height);
        byte[] src = in.bytes();
        int frameIn = in.width() * in.height() * 3;
        byte[] out = new byte[width * height * 3 * in.count()];
        double[] row = new double[width * 3];
        for (int f = 0; f < in.count(); f++) {
            for (int oy = 0; oy < height; oy++) {
                Arrays.fill(row, 0);
                for (int j = 0; j < ys[oy].weights().length; j++) {
                    double wy = ys[oy].weights()[j];
                    int rowStart = f * frameIn + (ys[oy].first() + j) * in.width() * 3;
                    for (int ox = 0; ox < width; ox++) {
                        Span sx = xs[ox];
                        for (int i = 0; i < sx.weights().length; i++) {
                            int p = rowStart + (sx.first() + i) * 3;
                            double w = wy * sx.weights()[i];
                            row[ox * 3] += w * (src[p] & 0xFF);
                            row[ox * 3 + 1] += w * (src[p + 1] & 0xFF);
                            row[ox * 3 + 2] += w * (src[p + 2] & 0xFF);
                        }
                    }
                }
                int o = (f * height + oy) * width * 3;
                for (int k = 0; k < row.length; k++) {
                    out[o + k] = (byte) Math.max(0, Math.min(255, Math.round(row[k])));
                }
            }
        }
        return Frames.of(width, height, in.count(), out);
    }

    /** The centred span of the given length over {@code size} source pixels, cut into n equal output pixels. */
    private static Span[] spans(int size, double length, int n) {
        double start = (size - length) / 2;
        double step = length / n;
        Span[] spans = new Span[n];
        for (int o = 0; o < n; o++) {
            double a = start + o * step;
            double b = a + step;
            int first = Math.max(0, Math.min(size - 1, (int) Math.floor(a)));
            int last = Math.max(first, Math.min(size - 1, (int) Math.ceil(b) - 1));
            double[] w = new double[last - first + 1];
            double sum = 0;
            for (int i = first; i <= last; i++) {
                w[i - first] = Math.max(0, Math.min(b, i + 1) - Math.max(a, i));
                sum += w[i - first];
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = sum > 0 ? w[i] / sum : 1.0 / w.length;
            }
            spans[o] = new Span(first, w);
        }
        return spans;
    }
}
