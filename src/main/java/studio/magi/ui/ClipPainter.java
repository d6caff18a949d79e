package studio.magi.ui;

import static studio.magi.ui.TimelinePalette.Ink;

import java.util.Optional;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.text.Font;
import javafx.scene.text.FontPosture;
import javafx.scene.text.TextAlignment;
import studio.magi.project.Chunk;
import studio.magi.project.Shot;
import studio.magi.render.ChunkStatus;

/**
 * Paints the clips in the lanes: a chunk's clip (its number and second, its prompt, a filmstrip once rendered, the
 * render state as a border, a tag and a progress bar) and the locked clip of the video a shot continues.
 */
final class ClipPainter {
    static final Font LABEL = Font.font("System", 12);
    static final Font LABEL_CARRIED = Font.font("System", FontPosture.ITALIC, 12);
    static final Font SMALL = Font.font("System", 10);
    private static final double FILMSTRIP_TOP = 28;
    private static final double LANE = TimelineLayout.LANE;

    private final TimelinePalette palette;
    private final Renders renders;
    private final TextFit text;

    ClipPainter(TimelinePalette palette, Renders renders, TextFit text) {
        this.palette = palette;
        this.renders = renders;
        this.text = text;
    }

    void paint(GraphicsContext g, TimelineClip clip, double top, boolean dragged) {
        double x = clip.x();
        double cw = clip.width();
        ChunkStatus status = clip.status();
        ChunkStatus.State state = status.state();
        g.setGlobalAlpha(dragged ? 0.35 : 1);
        g.setFill(palette.get(clip.ownPrompt() ? Ink.CLIP : Ink.CLIP_CARRIED));
        g.fillRoundRect(x + 1, top + 1, cw - 2, LANE - 2, 6, 6);
        if (status.done()) {
            paintFilmstrip(g, clip, x + 3, top + FILMSTRIP_TOP, cw - 6, LANE - FILMSTRIP_TOP - 3);
        }
        if (state == ChunkStatus.State.RENDERING) {
            g.setFill(palette.get(Ink.PROGRESS));
            g.fillRect(x + 3, top + LANE - 6, (cw - 6) * status.progress(), 3);
        }
        boolean marked = state == ChunkStatus.State.STALE || state == ChunkStatus.State.FAILED;
        g.setStroke(palette.get(clip.selected() ? Ink.SELECTED : marked ? stateInk(state) : Ink.BORDER));
        g.setLineWidth(clip.selected() || marked ? 2 : 1);
        if (state == ChunkStatus.State.STALE && !clip.selected()) {
            g.setLineDashes(5, 3);
        }
        g.strokeRoundRect(x + 1.5, top + 1.5, cw - 3, LANE - 3, 6, 6);
        g.setLineDashes();
        paintWords(g, clip, top);
        g.setGlobalAlpha(1);
    }

    /** The chunk's number and second with its tag on the first line, then its prompt (two lines until rendered). */
    private void paintWords(GraphicsContext g, TimelineClip clip, double top) {
        double x = clip.x();
        double textWidth = clip.width() - 12;
        if (textWidth <= 8) {
            return;
        }
        g.setTextBaseline(VPos.TOP);
        g.setFont(SMALL);
        String tag = tag(clip.status());
        double tagWidth = tag.isEmpty() ? 0 : text.width(tag, SMALL) + 4;
        if (!tag.isEmpty() && tagWidth < textWidth / 2) {
            ChunkStatus.State state = clip.state();
            g.setFill(palette.get(state == ChunkStatus.State.FAILED || state == ChunkStatus.State.STALE
                    ? stateInk(state) : Ink.TEXT_DIM));
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(tag, x + clip.width() - 6, top + 6);
            g.setTextAlign(TextAlignment.LEFT);
        } else {
            tagWidth = 0;
        }
        g.setFill(palette.get(Ink.TEXT_DIM));
        g.fillText(text.fit((clip.chunk() + 1) + "  " + clip.startSecond() + "s", SMALL, textWidth - tagWidth), x + 6,
                top + 6);
        boolean quiet = clip.carried() || clip.prompt().isBlank();
        Font font = quiet ? LABEL_CARRIED : LABEL;
        g.setFont(font);
        g.setFill(palette.get(quiet ? Ink.TEXT_DIM : Ink.TEXT));
        if (clip.status().done()) {
            g.fillText(text.fit(clip.label(), font, textWidth), x + 6, top + 15);
        } else {
            String[] lines = text.twoLines(clip.label(), font, textWidth);
            g.fillText(lines[0], x + 6, top + 22);
            g.fillText(lines[1], x + 6, top + 37);
        }
    }

    private static Ink stateInk(ChunkStatus.State state) {
        return state == ChunkStatus.State.FAILED ? Ink.FAILED : Ink.STALE;
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

    /** A row of the chunk's frames, as many as fit. */
    private void paintFilmstrip(GraphicsContext g, TimelineClip clip, double x, double y, double w, double h) {
        if (w < 4 || h < 4) {
            return;
        }
        g.setFill(palette.get(Ink.FILMSTRIP));
        g.fillRect(x, y, w, h);
        int count = Math.max(1, Math.min(Chunk.FRAMES, (int) Math.round(w / h)));
        double tw = w / count;
        for (int i = 0; i < count; i++) {
            int frame = (int) Math.min(Chunk.FRAMES - 1, Math.round((i + 0.5) * Chunk.FRAMES / count));
            Optional<Image> img = renders.frame(clip.id(), frame);
            if (img.isPresent()) {
                g.setImageSmoothing(false);
                g.drawImage(img.get(), x + i * tw, y, Math.max(1, tw - 1), h);
            }
        }
    }

    /** The video a shot continues, as its first clip: locked (it is not rendered, and cannot be moved or edited). */
    void paintStart(GraphicsContext g, Shot shot, double x, double w, double top) {
        g.setFill(palette.get(Ink.START_CLIP));
        g.fillRoundRect(x + 1, top + 1, w - 2, LANE - 2, 6, 6);
        double fw = w - 6;
        double fh = LANE - FILMSTRIP_TOP - 3;
        if (fw > 4) {
            g.setFill(palette.get(Ink.FILMSTRIP));
            g.fillRect(x + 3, top + FILMSTRIP_TOP, fw, fh);
            int frames = shot.start().frames();
            int count = Math.max(1, (int) Math.round(fw / fh));
            double tw = fw / count;
            for (int i = 0; i < count; i++) {
                int frame = (int) Math.min(frames - 1, Math.round((i + 0.5) * frames / count));
                Optional<Image> img = renders.startFrame(shot, frame);
                if (img.isPresent()) {
                    g.setImageSmoothing(false);
                    g.drawImage(img.get(), x + 3 + i * tw, top + FILMSTRIP_TOP, Math.max(1, tw - 1), fh);
                }
            }
        }
        g.setStroke(palette.get(Ink.BORDER));
        g.setLineWidth(1);
        g.strokeRoundRect(x + 1.5, top + 1.5, w - 3, LANE - 3, 6, 6);
        if (w > 20) {
            g.setTextBaseline(VPos.TOP);
            g.setFont(SMALL);
            g.setFill(palette.get(Ink.TEXT_DIM));
            g.fillText(text.fit("locked \u00b7 " + shot.start().chunks() + " s", SMALL, w - 12), x + 6, top + 6);
            g.setFont(LABEL);
            g.setFill(palette.get(Ink.TEXT));
            String name = shot.start().media().substring(shot.start().media().lastIndexOf('/') + 1);
            g.fillText(text.fit(name, LABEL, w - 12), x + 6, top + 15);
        }
    }
}
