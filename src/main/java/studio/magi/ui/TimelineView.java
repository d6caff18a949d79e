package studio.magi.ui;

import java.util.List;
import java.util.Optional;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.geometry.Point2D;
import javafx.scene.layout.Region;
import studio.magi.project.Project;

/**
 * The timeline: shots are lanes, chunks are one-second clips labelled with the first words of their prompt (a
 * carried prompt in italics), the playhead is a red line at frame resolution. One canvas shows what is visible and
 * is repainted once a pulse at most, and then only where the project, the renders, the selection or the viewport
 * changed ({@link TimelinePainter}); the playhead is a node over it ({@link TimelinePlayhead}), so that playing
 * repaints nothing. The mouse, the wheel and drops are {@link TimelineInput}'s; the colours come from studio.css
 * ({@link TimelinePalette}).
 */
public final class TimelineView extends Region {
    private final ProjectSession session;
    private final Transport transport;
    private final ChunkActions actions;
    private final Renders renders;
    private final CanvasTiles canvas = new CanvasTiles();
    private final TimelineLayout layout = new TimelineLayout();
    private final TimelinePalette palette;
    private final TimelinePainter painter;
    private final TimelinePlayhead playhead = new TimelinePlayhead();
    private final TimelineBars bars;
    private final TimelineInput input;

    public TimelineView(ProjectSession session, Transport transport, ChunkActions actions, Renders renders) {
        this.session = session;
        this.transport = transport;
        this.actions = actions;
        this.renders = renders;
        setId("timeline");
        canvas.setId("timeline-canvas");
        canvas.setFocusTraversable(true);
        getStyleClass().add("timeline");
        TextFit text = new TextFit();
        palette = new TimelinePalette(this, this::recolour);
        painter = new TimelinePainter(canvas, palette, new ClipPainter(palette, renders, text), text);
        bars = new TimelineBars(layout, session::project, this::invalidate);
        input = new TimelineInput(canvas, layout, session, transport, actions, new ClipMenu(session, actions, renders),
                this::invalidate);
        getChildren().addAll(canvas, playhead, bars.horizontal(), bars.vertical());
        setMinHeight(TimelineLayout.RULER + TimelineLayout.LANE + 20);

        session.projectProperty().addListener((o, a, b) -> invalidate());
        session.documentProperty().addListener((o, a, b) -> {
            layout.scrollTo(0, 0, session.project());
            invalidate();
        });
        actions.selectedProperty().addListener((o, a, b) -> invalidate());
        renders.boardProperty().addListener((o, a, b) -> invalidate());
        renders.framesLoadedProperty().addListener((o, a, b) -> invalidate());
        transport.frameProperty().addListener((o, a, b) -> followPlayhead());
    }

    /** The clips in view now, left to right, lane by lane: what the user sees on the timeline. */
    public List<TimelineClip> visibleClips() {
        return picture().clips();
    }

    /** Zoom in (=) or out (-) around the playhead. */
    public void zoom(boolean in) {
        double anchor = Math.max(TimelineLayout.HEADER, Math.min(layout.x(transport.frame()), layout.width()));
        layout.zoom(in ? TimelineLayout.ZOOM_STEP : 1 / TimelineLayout.ZOOM_STEP, anchor, session.project());
        invalidate();
    }

    /** Pixels per frame: the zoom level. */
    public double pxPerFrame() {
        return layout.pxPerFrame();
    }

    /** The canvas point in the middle of a chunk's clip, if it is laid out (for drag and drop and tests). */
    public Optional<Point2D> clipCenter(int shot, int chunk) {
        Project p = session.project();
        if (shot >= p.shots().size() || chunk >= p.shots().get(shot).chunks().size()) {
            return Optional.empty();
        }
        return Optional.of(new Point2D(layout.chunkX(p, shot, chunk) + layout.chunkWidth() / 2,
                layout.laneTop(shot) + TimelineLayout.LANE / 2));
    }

    /** The canvas the timeline is painted on: it takes the mouse, drops and the keyboard focus. */
    public Region canvas() {
        return canvas;
    }

    /** How much has been painted so far (tests: playing repaints nothing, a render step only its clip). */
    TimelinePainter.Tally painted() {
        return painter.tally();
    }

    TimelinePlayhead playhead() {
        return playhead;
    }

    TimelinePalette palette() {
        return palette;
    }

    @Override
    public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
        return TimelinePalette.cssMetaData();
    }

    @Override
    protected void layoutChildren() {
        double w = Math.max(0, getWidth() - TimelineBars.SIZE);
        double h = Math.max(0, getHeight() - TimelineBars.SIZE);
        canvas.resizeRelocate(0, 0, w, h);
        canvas.setSize(w, h);
        bars.horizontal().resizeRelocate(TimelineLayout.HEADER, h, Math.max(0, w - TimelineLayout.HEADER), TimelineBars.SIZE);
        bars.vertical().resizeRelocate(w, TimelineLayout.RULER, TimelineBars.SIZE, Math.max(0, h - TimelineLayout.RULER));
        layout.setViewport(w, h);
        repaint();
    }

    @Override
    protected double computePrefHeight(double width) {
        return TimelineLayout.RULER + 3 * (TimelineLayout.LANE + TimelineLayout.LANE_GAP) + TimelineBars.SIZE;
    }

    /** Something shown changed: the canvas is repainted in this pulse's layout pass, once however many changes came. */
    private void invalidate() {
        setNeedsLayout(true);
    }

    private void recolour() {
        painter.forget();
        invalidate();
    }

    private TimelinePicture picture() {
        return TimelinePicture.of(session.project(), layout, renders, actions.selectedProperty().get(), input.drag(),
                input.fileDropIndex());
    }

    private void repaint() {
        if (painter.paint(picture(), layout)) {
            bars.follow(session.project());
        }
        showPlayhead();
    }

    /** While playing, the timeline scrolls to keep the playhead in view; otherwise only the playhead moves. */
    private void followPlayhead() {
        if (transport.playing()) {
            double before = layout.scrollX();
            layout.reveal(transport.frame(), session.project());
            if (layout.scrollX() != before) {
                invalidate();
            }
        }
        showPlayhead();
    }

    private void showPlayhead() {
        playhead.show(Math.floor(layout.x(transport.frame())) + 0.5, canvas.width(), canvas.height(),
                Timecode.of(transport.frame()));
    }
}
