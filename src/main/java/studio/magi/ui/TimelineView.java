package studio.magi.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.image.Image;
import javafx.scene.input.DragEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontPosture;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.render.ChunkStatus;

/**
 * The timeline, drawn on a canvas the size of the view: only what is visible is painted. Shots are lanes, chunks are
 * one-second clips labelled with the first words of their prompt (a carried prompt in italics), the playhead is a red
 * line at frame resolution. Click selects, drag moves a chunk (a yellow bar shows where it lands), the ruler scrubs,
 * the wheel scrolls (Ctrl zooms), and image or video files dropped here become new shots.
 */
public final class TimelineView extends Region {
    private static final Color BACKGROUND = Color.web("#0d1117");
    private static final Color RULER_BG = Color.web("#161b22");
    private static final Color HEADER_BG = Color.web("#161b22");
    private static final Color LANE_BG = Color.web("#12171f");
    private static final Color CLIP_OWN = Color.web("#1f3b5c");
    private static final Color CLIP_CARRIED = Color.web("#1a2636");
    private static final Color CLIP_BORDER = Color.web("#30363d");
    private static final Color SELECTED = Color.web("#58a6ff");
    private static final Color TEXT = Color.web("#e6edf3");
    private static final Color TEXT_DIM = Color.web("#8b949e");
    private static final Color PLAYHEAD = Color.web("#ff5f56");
    private static final Color DROP = Color.web("#f2cc60");
    private static final Color STALE = Color.web("#d29922");
    private static final Color FAILED = Color.web("#f85149");
    private static final Color PROGRESS = Color.web("#3fb950");
    private static final Color FILMSTRIP_BG = Color.web("#000000");
    private static final double FILMSTRIP_TOP = 28;
    private static final Color START_CLIP = Color.web("#2d2a1f");
    private static final Font LABEL = Font.font("System", 12);
    private static final Font LABEL_CARRIED = Font.font("System", FontPosture.ITALIC, 12);
    private static final Font SMALL = Font.font("System", 10);
    private static final Font HEADER_FONT = Font.font("System", FontWeight.BOLD, 12);

    /** A clip as painted: which chunk, where, the words it shows, and its render state. */
    public record Clip(int shot, int chunk, UUID id, double x, double width, String label, boolean carried,
                       boolean selected, ChunkStatus.State state) {
    }

    private final ProjectSession session;
    private final Transport transport;
    private final ChunkActions actions;
    private final Renders renders;
    private final Canvas canvas = new Canvas();
    private final ScrollBar hbar = new ScrollBar();
    private final ScrollBar vbar = new ScrollBar();
    private final TimelineLayout layout = new TimelineLayout();
    private final Text measure = new Text();
    private final ContextMenu clipMenu = new ContextMenu();

    private List<Clip> painted = List.of();
    private UUID dragging;
    private double pressX;
    private double pressY;
    private double mouseX;
    private double mouseY;
    private boolean dragStarted;
    private boolean scrubbing;
    private Optional<TimelineLayout.Gap> dropGap = Optional.empty();
    private int fileDropIndex = -1;
    private boolean syncingBars;

    public TimelineView(ProjectSession session, Transport transport, ChunkActions actions, Renders renders) {
        this.session = session;
        this.transport = transport;
        this.actions = actions;
        this.renders = renders;
        setId("timeline");
        canvas.setId("timeline-canvas");
        canvas.setFocusTraversable(true);
        getStyleClass().add("timeline");
        hbar.setOrientation(Orientation.HORIZONTAL);
        vbar.setOrientation(Orientation.VERTICAL);
        getChildren().addAll(canvas, hbar, vbar);
        setMinHeight(TimelineLayout.RULER + TimelineLayout.LANE + 20);
        buildClipMenu();

        session.projectProperty().addListener((o, a, b) -> paint());
        session.documentProperty().addListener((o, a, b) -> {
            layout.scrollTo(0, 0, session.project());
            paint();
        });
        actions.selectedProperty().addListener((o, a, b) -> paint());
        renders.boardProperty().addListener((o, a, b) -> paint());
        transport.frameProperty().addListener((o, a, b) -> {
            if (transport.playing()) {
                layout.reveal(transport.frame(), session.project());
            }
            paint();
        });
        hbar.valueProperty().addListener((o, a, b) -> scrollFromBars());
        vbar.valueProperty().addListener((o, a, b) -> scrollFromBars());

        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        canvas.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        canvas.setOnDragOver(this::fileDragOver);
        canvas.setOnDragExited(e -> {
            fileDropIndex = -1;
            paint();
        });
        canvas.setOnDragDropped(this::fileDropped);
    }

    /** The clips painted last, left to right, lane by lane: what the user sees on the timeline. */
    public List<Clip> visibleClips() {
        return painted;
    }

    /** Zoom in (=) or out (-) around the playhead. */
    public void zoom(boolean in) {
        double anchor = Math.max(TimelineLayout.HEADER, Math.min(layout.x(transport.frame()), layout.width()));
        layout.zoom(in ? TimelineLayout.ZOOM_STEP : 1 / TimelineLayout.ZOOM_STEP, anchor, session.project());
        paint();
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

    public Canvas canvas() {
        return canvas;
    }

    @Override
    protected void layoutChildren() {
        double bar = 14;
        double w = Math.max(0, getWidth() - bar);
        double h = Math.max(0, getHeight() - bar);
        canvas.setWidth(w);
        canvas.setHeight(h);
        canvas.relocate(0, 0);
        hbar.resizeRelocate(TimelineLayout.HEADER, h, Math.max(0, w - TimelineLayout.HEADER), bar);
        vbar.resizeRelocate(w, TimelineLayout.RULER, bar, Math.max(0, h - TimelineLayout.RULER));
        layout.setViewport(w, h);
        paint();
    }

    @Override
    protected double computePrefHeight(double width) {
        return TimelineLayout.RULER + 3 * (TimelineLayout.LANE + TimelineLayout.LANE_GAP) + 14;
    }

    // ---- painting

    private void paint() {
        Project p = session.project();
        layout.scrollTo(layout.scrollX(), layout.scrollY(), p);
        syncBars(p);
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(BACKGROUND);
        g.fillRect(0, 0, w, h);
        List<Clip> clips = new ArrayList<>();
        int firstFrame = layout.firstVisibleFrame();
        int lastFrame = layout.lastVisibleFrame();
        for (int s = 0; s < p.shots().size(); s++) {
            double top = layout.laneTop(s);
            if (top + TimelineLayout.LANE < TimelineLayout.RULER || top > h) {
                continue;
            }
            g.setFill(LANE_BG);
            g.fillRect(TimelineLayout.HEADER, top, w - TimelineLayout.HEADER, TimelineLayout.LANE);
            Shot shot = p.shots().get(s);
            int shotStart = p.shotStartFrame(s) + shot.start().frames();
            if (shot.start().frames() > 0) {
                paintStartClip(g, p, s, top);
            }
            int from = Math.max(0, (firstFrame - shotStart) / Chunk.FRAMES);
            int to = Math.min(shot.chunks().size() - 1, Math.floorDiv(lastFrame - shotStart, Chunk.FRAMES));
            for (int c = from; c <= to; c++) {
                clips.add(paintClip(g, p, s, c, top));
            }
        }
        painted = List.copyOf(clips);
        paintDropIndicators(g, p);
        paintDraggedClip(g, p);
        paintHeaders(g, p, h);
        paintRuler(g, w);
        paintPlayhead(g, h);
        if (p.shots().isEmpty()) {
            g.setFill(TEXT_DIM);
            g.setFont(LABEL);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText("No shots. Add a shot, or drop an image or video here.", w / 2, (h + TimelineLayout.RULER) / 2);
            g.setTextAlign(TextAlignment.LEFT);
        }
    }

    private Clip paintClip(GraphicsContext g, Project p, int s, int c, double top) {
        Shot shot = p.shots().get(s);
        Chunk chunk = shot.chunks().get(c);
        double x = layout.chunkX(p, s, c);
        double cw = layout.chunkWidth();
        boolean carried = shot.carriesPrompt(c);
        boolean selected = chunk.id().equals(actions.selectedProperty().get());
        String prompt = shot.effectivePrompt(c);
        String label = prompt.isBlank() ? "(no prompt)" : prompt.strip();
        boolean beingDragged = dragStarted && chunk.id().equals(dragging);

        ChunkStatus status = renders.status(chunk.id());
        boolean done = status.done();

        g.setGlobalAlpha(beingDragged ? 0.35 : 1);
        g.setFill(chunk.hasOwnPrompt() ? CLIP_OWN : CLIP_CARRIED);
        g.fillRoundRect(x + 1, top + 1, cw - 2, TimelineLayout.LANE - 2, 6, 6);
        if (done) {
            paintFilmstrip(g, chunk, x + 3, top + FILMSTRIP_TOP, cw - 6, TimelineLayout.LANE - FILMSTRIP_TOP - 3);
        }
        if (status.state() == ChunkStatus.State.RENDERING) {
            g.setFill(PROGRESS);
            g.fillRect(x + 3, top + TimelineLayout.LANE - 6, (cw - 6) * status.progress(), 3);
        }
        Color border = selected ? SELECTED : switch (status.state()) {
            case STALE -> STALE;
            case FAILED -> FAILED;
            default -> CLIP_BORDER;
        };
        g.setStroke(border);
        g.setLineWidth(selected || status.state() == ChunkStatus.State.STALE || status.state() == ChunkStatus.State.FAILED
                ? 2 : 1);
        if (status.state() == ChunkStatus.State.STALE && !selected) {
            g.setLineDashes(5, 3);
        }
        g.strokeRoundRect(x + 1.5, top + 1.5, cw - 3, TimelineLayout.LANE - 3, 6, 6);
        g.setLineDashes();
        double textWidth = cw - 12;
        if (textWidth > 8) {
            g.setTextBaseline(VPos.TOP);
            g.setFont(SMALL);
            String tag = tag(status);
            double tagWidth = tag.isEmpty() ? 0 : textWidth(tag, SMALL) + 4;
            if (!tag.isEmpty() && tagWidth < textWidth / 2) {
                g.setFill(status.state() == ChunkStatus.State.FAILED ? FAILED
                        : status.state() == ChunkStatus.State.STALE ? STALE : TEXT_DIM);
                g.setTextAlign(TextAlignment.RIGHT);
                g.fillText(tag, x + cw - 6, top + 6);
                g.setTextAlign(TextAlignment.LEFT);
            } else {
                tagWidth = 0;
            }
            g.setFill(TEXT_DIM);
            g.fillText(fit((c + 1) + "  " + seconds(p.chunkStartFrame(new ChunkPosition(s, c))), SMALL, textWidth - tagWidth),
                    x + 6, top + 6);
            Font font = carried || prompt.isBlank() ? LABEL_CARRIED : LABEL;
            g.setFont(font);
            g.setFill(carried || prompt.isBlank() ? TEXT_DIM : TEXT);
            if (done) {
                g.fillText(fit(label, font, textWidth), x + 6, top + 15);
            } else {
                String[] lines = twoLines(label, font, textWidth);
                g.fillText(lines[0], x + 6, top + 22);
                g.fillText(lines[1], x + 6, top + 37);
            }
        }
        g.setGlobalAlpha(1);
        return new Clip(s, c, chunk.id(), x, cw, label, carried, selected, status.state());
    }

    /** The video a shot continues, as its first clip: locked (it is not rendered, and cannot be moved or edited). */
    private void paintStartClip(GraphicsContext g, Project p, int s, double top) {
        Shot shot = p.shots().get(s);
        double x = layout.x(p.shotStartFrame(s));
        double w = shot.start().frames() * layout.pxPerFrame();
        g.setFill(START_CLIP);
        g.fillRoundRect(x + 1, top + 1, w - 2, TimelineLayout.LANE - 2, 6, 6);
        double fw = w - 6;
        double fh = TimelineLayout.LANE - FILMSTRIP_TOP - 3;
        if (fw > 4) {
            g.setFill(FILMSTRIP_BG);
            g.fillRect(x + 3, top + FILMSTRIP_TOP, fw, fh);
            int count = Math.max(1, (int) Math.round(fw / fh));
            double tw = fw / count;
            for (int i = 0; i < count; i++) {
                int frame = (int) Math.min(shot.start().frames() - 1, Math.round((i + 0.5) * shot.start().frames() / count));
                Optional<Image> img = renders.startFrame(shot, frame);
                if (img.isPresent()) {
                    g.setImageSmoothing(false);
                    g.drawImage(img.get(), x + 3 + i * tw, top + FILMSTRIP_TOP, Math.max(1, tw - 1), fh);
                }
            }
        }
        g.setStroke(CLIP_BORDER);
        g.setLineWidth(1);
        g.strokeRoundRect(x + 1.5, top + 1.5, w - 3, TimelineLayout.LANE - 3, 6, 6);
        if (w > 20) {
            g.setTextBaseline(VPos.TOP);
            g.setFont(SMALL);
            g.setFill(TEXT_DIM);
            g.fillText(fit("locked \u00b7 " + shot.start().chunks() + " s", SMALL, w - 12), x + 6, top + 6);
            g.setFont(LABEL);
            g.setFill(TEXT);
            String name = shot.start().media().substring(shot.start().media().lastIndexOf('/') + 1);
            g.fillText(fit(name, LABEL, w - 12), x + 6, top + 15);
        }
    }

    /** A row of the chunk's frames, as many as fit: thumbnails only for clips on screen. */
    private void paintFilmstrip(GraphicsContext g, Chunk chunk, double x, double y, double w, double h) {
        if (w < 4 || h < 4) {
            return;
        }
        g.setFill(FILMSTRIP_BG);
        g.fillRect(x, y, w, h);
        int count = Math.max(1, Math.min(Chunk.FRAMES, (int) Math.round(w / h)));
        double tw = w / count;
        for (int i = 0; i < count; i++) {
            int frame = (int) Math.min(Chunk.FRAMES - 1, Math.round((i + 0.5) * Chunk.FRAMES / count));
            Optional<Image> img = renders.frame(chunk.id(), frame);
            if (img.isPresent()) {
                g.setImageSmoothing(false);
                g.drawImage(img.get(), x + i * tw, y, Math.max(1, tw - 1), h);
            }
        }
    }

    private static String tag(ChunkStatus s) {
        return switch (s.state()) {
            case STALE -> "stale";
            case QUEUED -> "queued";
            case RENDERING -> s.step() + "/" + s.steps();
            case FAILED -> "failed";
            default -> "";
        };
    }

    private void paintHeaders(GraphicsContext g, Project p, double h) {
        g.setFill(HEADER_BG);
        g.fillRect(0, TimelineLayout.RULER, TimelineLayout.HEADER, h - TimelineLayout.RULER);
        for (int s = 0; s < p.shots().size(); s++) {
            double top = layout.laneTop(s);
            if (top + TimelineLayout.LANE < TimelineLayout.RULER || top > h) {
                continue;
            }
            Shot shot = p.shots().get(s);
            g.setTextBaseline(VPos.TOP);
            g.setFont(HEADER_FONT);
            g.setFill(TEXT);
            g.fillText("Shot " + (s + 1), 10, top + 8);
            g.setFont(SMALL);
            g.setFill(TEXT_DIM);
            g.fillText(fit(startLabel(p, shot.start()), SMALL, TimelineLayout.HEADER - 20), 10, top + 26);
            g.fillText(shot.chunks().size() + " s \u00b7 " + shot.settings().steps() + " steps", 10, top + 40);
        }
        g.setStroke(CLIP_BORDER);
        g.setLineWidth(1);
        g.strokeLine(TimelineLayout.HEADER - 0.5, 0, TimelineLayout.HEADER - 0.5, h);
    }

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

    private void paintRuler(GraphicsContext g, double w) {
        g.setFill(RULER_BG);
        g.fillRect(0, 0, w, TimelineLayout.RULER);
        g.setStroke(CLIP_BORDER);
        g.setLineWidth(1);
        g.strokeLine(0, TimelineLayout.RULER - 0.5, w, TimelineLayout.RULER - 0.5);
        double pxPerSecond = layout.pxPerFrame() * Chunk.FPS;
        int labelEvery = 1;
        while (labelEvery * pxPerSecond < 48) {
            labelEvery = labelEvery == 1 ? 2 : labelEvery == 2 ? 5 : labelEvery * 2;
        }
        int tickFrames = layout.pxPerFrame() >= 6 ? 1 : layout.pxPerFrame() * 6 >= 8 ? 6 : Chunk.FPS;
        int first = layout.firstVisibleFrame() / tickFrames * tickFrames;
        g.setFont(SMALL);
        g.setTextBaseline(VPos.TOP);
        g.setFill(TEXT_DIM);
        for (int f = first; f <= layout.lastVisibleFrame(); f += tickFrames) {
            double x = Math.floor(layout.x(f)) + 0.5;
            if (x < TimelineLayout.HEADER) {
                continue;
            }
            boolean second = f % Chunk.FPS == 0;
            double len = second ? 10 : 4;
            g.setStroke(second ? TEXT_DIM : CLIP_BORDER);
            g.strokeLine(x, TimelineLayout.RULER - len, x, TimelineLayout.RULER);
            if (second && (f / Chunk.FPS) % labelEvery == 0) {
                g.fillText((f / Chunk.FPS) + "s", x + 3, 4);
            }
        }
        g.setFill(HEADER_BG);
        g.fillRect(0, 0, TimelineLayout.HEADER, TimelineLayout.RULER - 1);
        g.setFill(TEXT_DIM);
        g.fillText(Timecode.of(transport.frame()), 10, 8);
    }

    private void paintPlayhead(GraphicsContext g, double h) {
        double x = Math.floor(layout.x(transport.frame())) + 0.5;
        if (x < TimelineLayout.HEADER || x > canvas.getWidth()) {
            return;
        }
        g.setStroke(PLAYHEAD);
        g.setLineWidth(1.5);
        g.strokeLine(x, 4, x, h);
        g.setFill(PLAYHEAD);
        g.fillPolygon(new double[] {x - 6, x + 6, x}, new double[] {TimelineLayout.RULER - 12, TimelineLayout.RULER - 12,
                TimelineLayout.RULER - 3}, 3);
    }

    private void paintDropIndicators(GraphicsContext g, Project p) {
        if (dragStarted && dropGap.isPresent()) {
            TimelineLayout.Gap gap = dropGap.get();
            double x = layout.chunkX(p, gap.shot(), gap.gap());
            double top = layout.laneTop(gap.shot());
            g.setFill(DROP);
            g.fillRect(x - 2, top - 3, 4, TimelineLayout.LANE + 6);
        }
        if (fileDropIndex >= 0) {
            double y = fileDropIndex == 0 ? TimelineLayout.RULER + 1 : layout.laneTop(fileDropIndex) - TimelineLayout.LANE_GAP / 2;
            g.setFill(DROP);
            g.fillRect(TimelineLayout.HEADER, y - 2, canvas.getWidth() - TimelineLayout.HEADER, 4);
            g.setFont(LABEL);
            g.setTextBaseline(VPos.BOTTOM);
            g.fillText("Drop to add a shot that starts from this file", TimelineLayout.HEADER + 8, Math.max(y - 4, 40));
        }
    }

    private void paintDraggedClip(GraphicsContext g, Project p) {
        if (!dragStarted || dragging == null) {
            return;
        }
        p.locate(dragging).ifPresent(at -> {
            Shot shot = p.shots().get(at.shot());
            double cw = layout.chunkWidth();
            double x = mouseX - cw / 2;
            double y = mouseY - TimelineLayout.LANE / 2;
            g.setGlobalAlpha(0.85);
            g.setFill(CLIP_OWN);
            g.fillRoundRect(x, y, cw, TimelineLayout.LANE, 6, 6);
            g.setStroke(SELECTED);
            g.setLineWidth(2);
            g.strokeRoundRect(x, y, cw, TimelineLayout.LANE, 6, 6);
            g.setFill(TEXT);
            g.setFont(LABEL);
            g.setTextBaseline(VPos.TOP);
            g.fillText(fit(shot.effectivePrompt(at.chunk()), LABEL, cw - 12), x + 6, y + 24);
            g.setGlobalAlpha(1);
        });
    }

    /** {@code s} over two lines of {@code width}: whole words on the first, the rest cut to fit on the second. */
    private String[] twoLines(String s, Font font, double width) {
        String first = fit(s, font, width);
        if (first.equals(s)) {
            return new String[] {s, ""};
        }
        int space = s.lastIndexOf(' ', first.length() - 1);
        if (space <= 0 || textWidth(s.substring(0, space), font) > width) {
            return new String[] {first, ""};
        }
        return new String[] {s.substring(0, space), fit(s.substring(space + 1), font, width)};
    }

    /** The longest start of {@code s} that fits {@code width}: whole words and an ellipsis where possible. */
    private String fit(String s, Font font, double width) {
        if (textWidth(s, font) <= width) {
            return s;
        }
        String cut = s;
        int space;
        while ((space = cut.lastIndexOf(' ')) > 0) {
            cut = cut.substring(0, space).strip();
            if (textWidth(cut + "\u2026", font) <= width) {
                return cut + "\u2026";
            }
        }
        for (int n = s.length() - 1; n > 0; n--) {
            if (textWidth(s.substring(0, n) + "\u2026", font) <= width) {
                return s.substring(0, n) + "\u2026";
            }
        }
        return "";
    }

    private double textWidth(String s, Font font) {
        measure.setFont(font);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    private static String seconds(int frame) {
        return (frame / Chunk.FPS) + "s";
    }

    // ---- scrolling

    private void syncBars(Project p) {
        syncingBars = true;
        double viewW = Math.max(1, layout.width() - TimelineLayout.HEADER);
        hbar.setMin(0);
        hbar.setMax(layout.maxScrollX(p));
        hbar.setVisibleAmount(viewW * layout.maxScrollX(p) / Math.max(1, layout.contentWidth(p)));
        hbar.setUnitIncrement(layout.chunkWidth() / 2);
        hbar.setBlockIncrement(viewW * 0.8);
        hbar.setValue(layout.scrollX());
        hbar.setDisable(layout.maxScrollX(p) <= 0);
        vbar.setMin(0);
        vbar.setMax(layout.maxScrollY(p));
        vbar.setUnitIncrement(TimelineLayout.LANE / 2);
        vbar.setValue(layout.scrollY());
        vbar.setVisible(layout.maxScrollY(p) > 0);
        syncingBars = false;
    }

    private void scrollFromBars() {
        if (syncingBars) {
            return;
        }
        layout.scrollTo(hbar.getValue(), vbar.getValue(), session.project());
        paint();
    }

    private void scrolled(ScrollEvent e) {
        Project p = session.project();
        if (e.isShortcutDown()) {
            double delta = e.getDeltaY() != 0 ? e.getDeltaY() : e.getDeltaX();
            if (delta != 0) {
                layout.zoom(delta > 0 ? TimelineLayout.ZOOM_STEP : 1 / TimelineLayout.ZOOM_STEP, e.getX(), p);
            }
        } else if (e.isShiftDown()) {
            double delta = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            layout.scrollTo(layout.scrollX(), layout.scrollY() - delta, p);
        } else {
            double delta = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            layout.scrollTo(layout.scrollX() - delta, layout.scrollY(), p);
        }
        paint();
        e.consume();
    }

    // ---- mouse

    private void pressed(MouseEvent e) {
        canvas.requestFocus();
        clipMenu.hide();
        Project p = session.project();
        mouseX = e.getX();
        mouseY = e.getY();
        dragging = null;
        dragStarted = false;
        if (e.getY() < TimelineLayout.RULER && e.getX() >= TimelineLayout.HEADER) {
            scrubbing = true;
            transport.stop();
            transport.seek(layout.frameAt(e.getX()));
            return;
        }
        int lane = layout.laneAt(e.getY(), p);
        if (e.getX() < TimelineLayout.HEADER) {
            if (lane >= 0) {
                actions.selectedProperty().set(p.shots().get(lane).chunks().get(0).id());
            }
            return;
        }
        Optional<ChunkPosition> hit = layout.chunkAt(e.getX(), e.getY(), p);
        if (hit.isEmpty()) {
            return;
        }
        UUID id = p.chunk(hit.get()).id();
        actions.selectedProperty().set(id);
        if (e.getButton() == MouseButton.SECONDARY) {
            clipMenu.show(canvas, e.getScreenX(), e.getScreenY());
            return;
        }
        if (e.getClickCount() == 2) {
            actions.playheadToSelection();
            return;
        }
        dragging = id;
        pressX = e.getX();
        pressY = e.getY();
    }

    private void dragged(MouseEvent e) {
        mouseX = e.getX();
        mouseY = e.getY();
        if (scrubbing) {
            transport.seek(layout.frameAt(e.getX()));
            return;
        }
        if (dragging == null) {
            return;
        }
        if (!dragStarted && Math.hypot(e.getX() - pressX, e.getY() - pressY) > 5) {
            dragStarted = true;
        }
        if (dragStarted) {
            dropGap = layout.gapAt(e.getX(), e.getY(), session.project());
            paint();
        }
    }

    private void released(MouseEvent e) {
        scrubbing = false;
        if (dragStarted && dragging != null) {
            UUID chunk = dragging;
            Optional<TimelineLayout.Gap> gap = layout.gapAt(e.getX(), e.getY(), session.project());
            dragging = null;
            dragStarted = false;
            dropGap = Optional.empty();
            gap.ifPresent(g -> actions.move(chunk, g.shot(), g.gap()));
            paint();
        }
        dragging = null;
    }

    private void buildClipMenu() {
        MenuItem add = new MenuItem("Add Chunk After");
        add.setOnAction(e -> actions.addChunk());
        MenuItem duplicate = new MenuItem("Duplicate Chunk");
        duplicate.setOnAction(e -> actions.duplicate());
        MenuItem seed = new MenuItem("New Seed");
        seed.setOnAction(e -> actions.newSeed());
        MenuItem clear = new MenuItem("Clear Chunk (Delete)");
        clear.setOnAction(e -> actions.clear());
        MenuItem ripple = new MenuItem("Ripple Delete (Shift+Delete)");
        ripple.setOnAction(e -> actions.rippleDelete());
        MenuItem split = new MenuItem("Start a New Shot Here");
        split.setOnAction(e -> {
            actions.playheadToSelection();
            actions.splitAtPlayhead();
        });
        MenuItem continueShot = new MenuItem("Continue as New Shot");
        continueShot.setOnAction(e -> actions.continueShot());
        MenuItem renderShot = new MenuItem("Render This Shot");
        renderShot.setOnAction(e -> selectedShot().ifPresent(renders::renderShot));
        MenuItem cancelShot = new MenuItem("Cancel This Shot's Renders");
        cancelShot.setOnAction(e -> selectedShot().ifPresent(renders::cancelShot));
        renderShot.disableProperty().bind(renders.readyProperty().not());
        cancelShot.disableProperty().bind(renders.readyProperty().not());
        clipMenu.getItems().addAll(renderShot, cancelShot, new SeparatorMenuItem(), add, duplicate, seed,
                new SeparatorMenuItem(), split, continueShot, new SeparatorMenuItem(), clear, ripple);
    }

    private Optional<UUID> selectedShot() {
        UUID chunk = actions.selectedProperty().get();
        Project p = session.project();
        return chunk == null ? Optional.empty() : p.locate(chunk).map(at -> p.shots().get(at.shot()).id());
    }

    // ---- files dropped from the desktop or the media bin

    private void fileDragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
            fileDropIndex = layout.shotInsertIndexAt(e.getY(), session.project());
            paint();
        }
        e.consume();
    }

    private void fileDropped(DragEvent e) {
        boolean ok = e.getDragboard().hasFiles();
        if (ok) {
            List<Path> files = e.getDragboard().getFiles().stream().map(File::toPath).toList();
            session.importAsShots(files, layout.shotInsertIndexAt(e.getY(), session.project()));
        }
        fileDropIndex = -1;
        e.setDropCompleted(ok);
        e.consume();
        paint();
    }
}
