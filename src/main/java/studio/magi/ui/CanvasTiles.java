package studio.magi.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;

/**
 * A canvas cut into tiles. JavaFX redraws the whole of a canvas on screen whenever anything is painted on it, and
 * with the software renderer a canvas as wide as the window takes longer to redraw than a pulse lasts: here what is
 * painted goes only to the tiles it covers, and the others are left as they are. Painters paint in the coordinates of
 * the whole canvas.
 */
final class CanvasTiles extends Region {
    static final double TILE_WIDTH = 256;
    static final double TILE_HEIGHT = 128;

    private final List<Canvas> tiles = new ArrayList<>();
    private double width;
    private double height;
    private int columns;

    /** Cuts the canvas anew when its size changes; what was painted on it is gone then. */
    void setSize(double w, double h) {
        if (w == width && h == height) {
            return;
        }
        width = w;
        height = h;
        columns = (int) Math.ceil(w / TILE_WIDTH);
        int rows = (int) Math.ceil(h / TILE_HEIGHT);
        tiles.clear();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                Canvas tile = new Canvas(Math.min(TILE_WIDTH, w - c * TILE_WIDTH), Math.min(TILE_HEIGHT, h - r * TILE_HEIGHT));
                tile.relocate(c * TILE_WIDTH, r * TILE_HEIGHT);
                tiles.add(tile);
            }
        }
        getChildren().setAll(tiles);
    }

    double width() {
        return width;
    }

    double height() {
        return height;
    }

    /**
     * Runs {@code painter} on each tile that the rectangle touches, in the whole canvas's coordinates; with
     * {@code clip}, nothing outside the rectangle changes.
     */
    void paint(double x, double y, double w, double h, boolean clip, Consumer<GraphicsContext> painter) {
        paint(x, y, w, h, clip, (g, tile) -> painter.accept(g));
    }

    /** As {@link #paint(double, double, double, double, boolean, Consumer)}, telling the painter the tile's bounds. */
    void paint(double x, double y, double w, double h, boolean clip, BiConsumer<GraphicsContext, Bounds> painter) {
        if (w <= 0 || h <= 0 || tiles.isEmpty()) {
            return;
        }
        int rows = tiles.size() / columns;
        int c0 = Math.max(0, (int) Math.floor(x / TILE_WIDTH));
        int c1 = Math.min(columns - 1, (int) Math.ceil((x + w) / TILE_WIDTH) - 1);
        int r0 = Math.max(0, (int) Math.floor(y / TILE_HEIGHT));
        int r1 = Math.min(rows - 1, (int) Math.ceil((y + h) / TILE_HEIGHT) - 1);
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                Canvas tile = tiles.get(r * columns + c);
                GraphicsContext g = tile.getGraphicsContext2D();
                g.save();
                g.translate(-c * TILE_WIDTH, -r * TILE_HEIGHT);
                if (clip) {
                    g.beginPath();
                    g.rect(x, y, w, h);
                    g.clip();
                }
                painter.accept(g, new BoundingBox(c * TILE_WIDTH, r * TILE_HEIGHT, tile.getWidth(), tile.getHeight()));
                g.restore();
            }
        }
    }

    /** How many tiles there are (tests). */
    int count() {
        return tiles.size();
    }
}
