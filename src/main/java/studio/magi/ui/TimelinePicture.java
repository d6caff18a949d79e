package studio.magi.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.render.ChunkStatus;

/**
 * What the timeline shows at one moment, worked out from the project, the viewport, the renders, the selection and
 * a drag in progress: only what is visible. The painter compares two pictures to repaint only what changed.
 *
 * @param startFrames for each visible lane whose shot continues a video, whether that video's frames are at hand
 */
record TimelinePicture(Project project, Viewport viewport, List<TimelineClip> clips, List<Boolean> startFrames,
                       Optional<Drag> drag, int fileDropIndex) {
    /** The canvas size, the scroll offsets and the zoom. */
    record Viewport(double width, double height, double scrollX, double scrollY, double pxPerFrame) {
    }

    /** A chunk being dragged: where the pointer is and the gap it would land in. */
    record Drag(UUID chunk, double x, double y, Optional<TimelineLayout.Gap> gap) {
    }

    static TimelinePicture of(Project p, TimelineLayout layout, Renders renders, UUID selected, Optional<Drag> drag,
                              int fileDropIndex) {
        layout.scrollTo(layout.scrollX(), layout.scrollY(), p);
        List<TimelineClip> clips = new ArrayList<>();
        List<Boolean> starts = new ArrayList<>();
        int firstFrame = layout.firstVisibleFrame();
        int lastFrame = layout.lastVisibleFrame();
        for (int s = 0; s < p.shots().size(); s++) {
            if (!laneVisible(layout, s)) {
                continue;
            }
            Shot shot = p.shots().get(s);
            if (shot.start().frames() > 0) {
                starts.add(renders.startFrame(shot, 0).isPresent());
            }
            int shotStart = p.shotStartFrame(s) + shot.start().frames();
            int from = Math.max(0, (firstFrame - shotStart) / Chunk.FRAMES);
            int to = Math.min(shot.chunks().size() - 1, Math.floorDiv(lastFrame - shotStart, Chunk.FRAMES));
            for (int c = from; c <= to; c++) {
                clips.add(clip(p, layout, renders, selected, s, c));
            }
        }
        Viewport viewport = new Viewport(layout.width(), layout.height(), layout.scrollX(), layout.scrollY(),
                layout.pxPerFrame());
        return new TimelinePicture(p, viewport, List.copyOf(clips), List.copyOf(starts), drag, fileDropIndex);
    }

    static boolean laneVisible(TimelineLayout layout, int shot) {
        double top = layout.laneTop(shot);
        return top + TimelineLayout.LANE >= TimelineLayout.RULER && top <= layout.height();
    }

    private static TimelineClip clip(Project p, TimelineLayout layout, Renders renders, UUID selected, int s, int c) {
        Shot shot = p.shots().get(s);
        Chunk chunk = shot.chunks().get(c);
        ChunkStatus status = renders.status(chunk.id());
        boolean filmstrip = status.done() && renders.frame(chunk.id(), 0).isPresent();
        return new TimelineClip(s, c, chunk.id(), layout.chunkX(p, s, c), layout.chunkWidth(), shot.effectivePrompt(c),
                shot.carriesPrompt(c), chunk.hasOwnPrompt(), chunk.id().equals(selected), status,
                p.chunkStartFrame(new ChunkPosition(s, c)) / Chunk.FPS, filmstrip);
    }

    /**
     * Whether this picture differs from {@code before} only in how some clips look (selection, render state,
     * filmstrip): then those clips alone are repainted. A drag in progress always repaints the whole timeline.
     */
    boolean onlyClipsChangedSince(TimelinePicture before) {
        if (project != before.project || !viewport.equals(before.viewport) || !startFrames.equals(before.startFrames)
                || drag.isPresent() || before.drag.isPresent() || fileDropIndex != before.fileDropIndex
                || clips.size() != before.clips.size()) {
            return false;
        }
        for (int i = 0; i < clips.size(); i++) {
            if (!clips.get(i).samePlace(before.clips.get(i))) {
                return false;
            }
        }
        return true;
    }
}
