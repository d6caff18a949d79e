package studio.magi.ui;

import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.text.Text;

/**
 * The playhead over the timeline's canvas: a red line at frame resolution with its handle in the ruler, and the
 * timecode in the ruler's corner. They are nodes of their own, so that playing moves them and repaints only the strips
 * they cover, never the canvas. The group is unmanaged: what changes in it asks no layout of the window.
 */
final class TimelinePlayhead extends Group {
    private final Line line = new Line(0, 4, 0, 4);
    private final Polygon handle = new Polygon(-6, TimelineLayout.RULER - 12, 6, TimelineLayout.RULER - 12,
            0, TimelineLayout.RULER - 3);
    private final Text timecode = new Text(10, 8, "");

    TimelinePlayhead() {
        line.setStrokeWidth(1.5);
        line.getStyleClass().add("timeline-playhead");
        handle.getStyleClass().add("timeline-playhead-handle");
        timecode.setFont(ClipPainter.SMALL);
        timecode.setTextOrigin(VPos.TOP);
        timecode.getStyleClass().add("timeline-timecode");
        timecode.setId("timeline-timecode");
        getChildren().addAll(line, handle, timecode);
        setManaged(false);
        setMouseTransparent(true);
        setAutoSizeChildren(false);
    }

    /** The playhead at canvas x (hidden left of the lanes or past the canvas), down to {@code height}. */
    void show(double x, double width, double height, String time) {
        boolean inView = x >= TimelineLayout.HEADER && x <= width;
        line.setVisible(inView);
        handle.setVisible(inView);
        line.setLayoutX(x);
        handle.setLayoutX(x);
        line.setEndY(Math.max(4, height));
        timecode.setText(time);
    }

    /** Where the line is drawn, or NaN while it is out of view (tests). */
    double lineX() {
        return line.isVisible() ? line.getLayoutX() : Double.NaN;
    }

    String timecode() {
        return timecode.getText();
    }
}
