package studio.magi.playground;

/**
 * A connected patch of one object colour in one frame: its area, centroid (pixel units, pixel centres at +0.5) and
 * bounding box, with a mask over the box.
 */
record Blob(int color, int area, double cx, double cy, int x0, int y0, int x1, int y1, boolean[] mask) {
    int boxWidth() {
        return x1 - x0 + 1;
    }

    int boxHeight() {
        return y1 - y0 + 1;
    }

    boolean covers(int x, int y) {
        return x >= x0 && x <= x1 && y >= y0 && y <= y1 && mask[(y - y0) * boxWidth() + (x - x0)];
    }
}
