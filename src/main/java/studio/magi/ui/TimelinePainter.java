package studio.magi.ui;

import static studio.magi.ui.TimelinePalette.Ink;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;

/**
 * Paints {@link TimelinePicture}s on the timeline's canvas: the first one whole, and of each later one only what
 * changed. When only some clips look different (a render step, the selection) those clips are repainted, each within
 * its own rectangle; when the project, the viewport or a drag changed, everything visible is. The playhead is not
 * painted here: it is a node over the canvas ({@link TimelinePlayhead}), so playing repaints nothing.
 */
final class TimelinePainter {
    private static final Font HEADER_FONT = Font.font("System", FontWeight.BOLD, 12);
    private static final double HEADER = TimelineLayout.HEADER;
    private static final double RULER = TimelineLayout.RULER;
    private static final double LANE = TimelineLayout.LANE;
    /** How far a ruler label reaches right of its tick. */
    private static final double RULER_LABEL = 48;

    /** How often everything was painted, and how many clips were repainted alone. */
    record Tally(long whole, long clips) {
    }

    private final CanvasTiles canvas;
    private final TimelinePalette palette;
    private final ClipPainter clips;
    private final TextFit text;
    private TimelinePicture painted;
    private long whole;
    private long clipsAlone;

    TimelinePainter(CanvasTiles canvas, TimelinePalette palette, ClipPainter clips, TextFit text) {
        this.canvas = canvas;
        this.palette = palette;
        this.clips = clips;
        this.text = text;
    }

    /** The next time, everything is painted (the colours changed). */
    void forget() {
        painted = null;
    }

    Tally tally() {
        return new Tally(whole, clipsAlone);
    }

    /**
     * Paints what differs between {@code now} and the picture painted last ({@code layout} is where {@code now} was
     * taken); returns whether everything was.
     */
    boolean paint(TimelinePicture now, TimelineLayout layout) {
        TimelinePicture before = painted;
        painted = now;
        if (before == null || !now.onlyClipsChangedSince(before)) {
            paintAll(now, layout);
            whole++;
            return true;
        }
        for (int i = 0; i < now.clips().size(); i++) {
            TimelineClip clip = now.clips().get(i);
            if (!clip.equals(before.clips().get(i))) {
                repaintClip(clip, layout);
                clipsAlone++;
            }
        }
        return false;
    }

    /** One clip, within its rectangle less what the header column and the ruler cover. */
    private void repaintClip(TimelineClip clip, TimelineLayout layout) {
        double top = layout.laneTop(clip.shot());
        double x0 = Math.max(clip.x(), HEADER);
        double y0 = Math.max(top, RULER);
        double x1 = Math.min(clip.x() + clip.width(), canvas.width());
        double y1 = Math.min(top + LANE, canvas.height());
        canvas.paint(x0, y0, x1 - x0, y1 - y0, true, g -> {
            g.setFill(palette.get(Ink.LANE));
            g.fillRect(x0, y0, x1 - x0, y1 - y0);
            clips.paint(g, clip, top, false);
        });
    }

    /** Everything in view, each part on the tiles it covers, in the order they overlap. */
    private void paintAll(TimelinePicture pic, TimelineLayout layout) {
        double w = canvas.width();
        double h = canvas.height();
        Project p = pic.project();
        canvas.paint(0, 0, w, h, false, g -> {
            g.setFill(palette.get(Ink.BACKGROUND));
            g.fillRect(0, 0, w, h);
        });
        for (int s = 0; s < p.shots().size(); s++) {
            if (TimelinePicture.laneVisible(layout, s)) {
                paintLane(p, s, layout, w);
            }
        }
        for (TimelineClip clip : pic.clips()) {
            boolean dragged = pic.drag().isPresent() && pic.drag().get().chunk().equals(clip.id());
            double top = layout.laneTop(clip.shot());
            canvas.paint(clip.x(), top, clip.width(), LANE, false, g -> clips.paint(g, clip, top, dragged));
        }
        paintDropIndicators(pic, layout);
        paintDraggedClip(pic, layout);
        canvas.paint(0, 0, HEADER, h, false, g -> paintHeaders(g, p, layout, h));
        canvas.paint(0, 0, w, RULER, false, (g, tile) -> paintRuler(g, layout, tile.getMinX(), tile.getMaxX()));
        if (p.shots().isEmpty()) {
            canvas.paint(0, 0, w, h, false, g -> {
                g.setFill(palette.get(Ink.TEXT_DIM));
                g.setFont(ClipPainter.LABEL);
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.CENTER);
                g.fillText("No shots. Add a shot, or drop an image or video here.", w / 2, (h + RULER) / 2);
            });
        }
    }

    /** A lane's ground, and the locked clip of the video its shot continues. */
    private void paintLane(Project p, int s, TimelineLayout layout, double w) {
        double top = layout.laneTop(s);
        canvas.paint(HEADER, top, w - HEADER, LANE, false, g -> {
            g.setFill(palette.get(Ink.LANE));
            g.fillRect(HEADER, top, w - HEADER, LANE);
        });
        Shot shot = p.shots().get(s);
        if (shot.start().frames() > 0) {
            double x = layout.x(p.shotStartFrame(s));
            double sw = shot.start().frames() * layout.pxPerFrame();
            canvas.paint(x, top, sw, LANE, false, g -> clips.paintStart(g, shot, x, sw, top));
        }
    }

    private void paintHeaders(GraphicsContext g, Project p, TimelineLayout layout, double h) {
        g.setFill(palette.get(Ink.HEADER));
        g.fillRect(0, RULER, HEADER, h - RULER);
        for (int s = 0; s < p.shots().size(); s++) {
            if (!TimelinePicture.laneVisible(layout, s)) {
                continue;
            }
            double top = layout.laneTop(s);
            Shot shot = p.shots().get(s);
            g.setTextBaseline(VPos.TOP);
            g.setFont(HEADER_FONT);
            g.setFill(palette.get(Ink.TEXT));
            g.fillText("Shot " + (s + 1), 10, top + 8);
            g.setFont(ClipPainter.SMALL);
            g.setFill(palette.get(Ink.TEXT_DIM));
            g.fillText(text.fit(startLabel(p, shot.start()), ClipPainter.SMALL, HEADER - 20), 10, top + 26);
            g.fillText(shot.chunks().size() + " s \u00b7 " + shot.settings().steps() + " steps", 10, top + 40);
        }
        g.setStroke(palette.get(Ink.BORDER));
        g.setLineWidth(1);
        g.strokeLine(HEADER - 0.5, 0, HEADER - 0.5, h);
    }

    /**
     * What a shot starts from, in words: "From text", "From image sunset.png", "Continues clip.mp4", "Continues
     * Shot 2".
     */
    static String startLabel(Project p, ShotStart start) {
        return switch (start.kind()) {
            case NOTHING -> "From text";
            case IMAGE -> "From image " + fileName(start.media());
            case VIDEO -> "Continues " + fileName(start.media());
            case SHOT -> p.shotIndex(start.shot()) < 0 ? "Continues a removed shot"
                    : "Continues Shot " + (p.shotIndex(start.shot()) + 1);
        };
    }

    private static String fileName(String media) {
        int slash = media.lastIndexOf('/');
        return slash < 0 ? media : media.substring(slash + 1);
    }

    /**
     * Seconds along the top, ticks at frames, 6 frames or seconds as the zoom allows, between canvas x {@code from}
     * and {@code to} (a tile's width: each tile draws its own ticks, and the labels reaching into it).
     */
    private void paintRuler(GraphicsContext g, TimelineLayout layout, double from, double to) {
        g.setFill(palette.get(Ink.RULER));
        g.fillRect(from, 0, to - from, RULER);
        g.setStroke(palette.get(Ink.BORDER));
        g.setLineWidth(1);
        g.strokeLine(from, RULER - 0.5, to, RULER - 0.5);
        double pxPerSecond = layout.pxPerFrame() * Chunk.FPS;
        int labelEvery = 1;
        while (labelEvery * pxPerSecond < 48) {
            labelEvery = labelEvery == 1 ? 2 : labelEvery == 2 ? 5 : labelEvery * 2;
        }
        int tickFrames = layout.pxPerFrame() >= 6 ? 1 : layout.pxPerFrame() * 6 >= 8 ? 6 : Chunk.FPS;
        int firstInView = Math.max(layout.firstVisibleFrame(), layout.frameAt(from - RULER_LABEL));
        int first = firstInView / tickFrames * tickFrames;
        int last = Math.min(layout.lastVisibleFrame(), layout.frameAt(to) + 1);
        g.setFont(ClipPainter.SMALL);
        g.setTextBaseline(VPos.TOP);
        g.setFill(palette.get(Ink.TEXT_DIM));
        for (int f = first; f <= last; f += tickFrames) {
            double x = Math.floor(layout.x(f)) + 0.5;
            if (x < HEADER) {
                continue;
            }
            boolean second = f % Chunk.FPS == 0;
            double len = second ? 10 : 4;
            g.setStroke(palette.get(second ? Ink.TEXT_DIM : Ink.BORDER));
            g.strokeLine(x, RULER - len, x, RULER);
            if (second && (f / Chunk.FPS) % labelEvery == 0) {
                g.fillText((f / Chunk.FPS) + "s", x + 3, 4);
            }
        }
        g.setFill(palette.get(Ink.HEADER));
        g.fillRect(0, 0, HEADER, RULER - 1);
    }

    /** A bar where a dragged chunk lands, or a line where dropped files become a shot. */
    private void paintDropIndicators(TimelinePicture pic, TimelineLayout layout) {
        pic.drag().flatMap(TimelinePicture.Drag::gap).ifPresent(gap -> {
            double x = layout.chunkX(pic.project(), gap.shot(), gap.gap());
            double top = layout.laneTop(gap.shot());
            canvas.paint(x - 2, top - 3, 4, LANE + 6, false, g -> {
                g.setFill(palette.get(Ink.DROP));
                g.fillRect(x - 2, top - 3, 4, LANE + 6);
            });
        });
        int index = pic.fileDropIndex();
        if (index >= 0) {
            double y = index == 0 ? RULER + 1 : layout.laneTop(index) - TimelineLayout.LANE_GAP / 2;
            double w = canvas.width() - HEADER;
            double textY = Math.max(y - 4, 40);
            double top = Math.min(y - 2, textY - 20);
            canvas.paint(HEADER, top, w, Math.max(y + 2, textY + 4) - top, false, g -> {
                g.setFill(palette.get(Ink.DROP));
                g.fillRect(HEADER, y - 2, w, 4);
                g.setFont(ClipPainter.LABEL);
                g.setTextBaseline(VPos.BOTTOM);
                g.fillText("Drop to add a shot that starts from this file", HEADER + 8, textY);
            });
        }
    }

    /** The dragged chunk under the pointer. */
    private void paintDraggedClip(TimelinePicture pic, TimelineLayout layout) {
        pic.drag().ifPresent(drag -> pic.project().locate(drag.chunk()).ifPresent(at -> {
            String prompt = pic.project().shots().get(at.shot()).effectivePrompt(at.chunk());
            double cw = layout.chunkWidth();
            double x = drag.x() - cw / 2;
            double y = drag.y() - LANE / 2;
            canvas.paint(x - 2, y - 2, cw + 4, LANE + 4, false, g -> {
                g.setGlobalAlpha(0.85);
                g.setFill(palette.get(Ink.CLIP));
                g.fillRoundRect(x, y, cw, LANE, 6, 6);
                g.setStroke(palette.get(Ink.SELECTED));
                g.setLineWidth(2);
                g.strokeRoundRect(x, y, cw, LANE, 6, 6);
                g.setFill(palette.get(Ink.TEXT));
                g.setFont(ClipPainter.LABEL);
                g.setTextBaseline(VPos.TOP);
                g.fillText(text.fit(prompt, ClipPainter.LABEL, cw - 12), x + 6, y + 24);
            });
        }));
    }
}
