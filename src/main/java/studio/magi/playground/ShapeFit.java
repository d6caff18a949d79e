package studio.magi.playground;

/**
 * How well each shape explains a blob: the best intersection-over-union between the blob and the shape drawn by the
 * renderer's own rule, over a few radii and sub-pixel centres around the blob's size and centroid.
 */
final class ShapeFit {
    private static final double[] SCALES = {0.9, 1.0, 1.1};
    private static final double[] OFFSETS = {0.0};

    private ShapeFit() {
    }

    /** IoU per shape, indexed by {@link Shape#ordinal()}. */
    static double[] iou(Blob blob, int width, int height) {
        double[] out = new double[Shape.values().length];
        for (Shape s : Shape.values()) {
            double r = Math.sqrt(blob.area() / (s.area() * width * height));
            double cx = blob.cx() / width;
            double cy = blob.cy() / height - s.centroidDrop() * r;
            double best = 0;
            for (double scale : SCALES) {
                for (double ox : OFFSETS) {
                    for (double oy : OFFSETS) {
                        best = Math.max(best, iou(blob, new BodyState(s, "", r * scale, cx + ox / width, cy + oy / height), width, height));
                    }
                }
            }
            out[s.ordinal()] = best;
        }
        return out;
    }

    private static double iou(Blob blob, BodyState template, int width, int height) {
        int[] counts = new int[2];
        Renderer.forEachPixel(template, width, height, (row, column) -> {
            counts[0]++;
            if (blob.covers(column, row)) {
                counts[1]++;
            }
        });
        int union = blob.area() + counts[0] - counts[1];
        return union == 0 ? 0 : (double) counts[1] / union;
    }
}
