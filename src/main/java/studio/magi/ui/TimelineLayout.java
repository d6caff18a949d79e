package studio.magi.ui;

import java.util.Optional;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;

/**
 * Where things are on the timeline canvas. Shots are lanes (rows), each starting where the previous one ends, so the
 * film reads left to right across the lanes; every chunk is a clip one second wide. A fixed header column on the left
 * names the lanes, a ruler on top shows seconds. Scroll offsets are in content pixels.
 */
final class TimelineLayout {
    static final double HEADER = 170;
    static final double RULER = 28;
    static final double LANE = 58;
    static final double LANE_GAP = 6;
    static final double MIN_PX_PER_FRAME = 1.25;
    static final double MAX_PX_PER_FRAME = 40;
    static final double DEFAULT_PX_PER_FRAME = 5;
    static final double ZOOM_STEP = 1.25;
    /** Room after the film's end, to drop a chunk at the end of the last shot. */
    static final int TAIL_FRAMES = 2 * Chunk.FRAMES;

    private double pxPerFrame = DEFAULT_PX_PER_FRAME;
    private double scrollX;
    private double scrollY;
    private double width;
    private double height;

    /** Where a dragged chunk would land: a gap between clips of a shot (0 = before its first chunk). */
    record Gap(int shot, int gap) {
    }

    double pxPerFrame() {
        return pxPerFrame;
    }

    double scrollX() {
        return scrollX;
    }

    double scrollY() {
        return scrollY;
    }

    void setViewport(double w, double h) {
        width = w;
        height = h;
    }

    double width() {
        return width;
    }

    double height() {
        return height;
    }

    /** Zooms by {@code factor}, keeping the frame under {@code anchorX} where it is. */
    void zoom(double factor, double anchorX, Project project) {
        double frameAtAnchor = (anchorX - HEADER + scrollX) / pxPerFrame;
        pxPerFrame = Math.max(MIN_PX_PER_FRAME, Math.min(MAX_PX_PER_FRAME, pxPerFrame * factor));
        scrollTo(frameAtAnchor * pxPerFrame - (anchorX - HEADER), scrollY, project);
    }

    void scrollTo(double x, double y, Project project) {
        scrollX = Math.max(0, Math.min(x, maxScrollX(project)));
        scrollY = Math.max(0, Math.min(y, maxScrollY(project)));
    }

    double contentWidth(Project project) {
        return (project.frames() + TAIL_FRAMES) * pxPerFrame;
    }

    double contentHeight(Project project) {
        return project.shots().size() * (LANE + LANE_GAP);
    }

    double maxScrollX(Project project) {
        return Math.max(0, contentWidth(project) - (width - HEADER));
    }

    double maxScrollY(Project project) {
        return Math.max(0, contentHeight(project) - (height - RULER));
    }

    /** The canvas x of the left edge of a frame of the film. */
    double x(double frame) {
        return HEADER + frame * pxPerFrame - scrollX;
    }

    /** The frame of the film at canvas x (may lie before 0 or after the end). */
    int frameAt(double canvasX) {
        return (int) Math.floor((canvasX - HEADER + scrollX) / pxPerFrame);
    }

    double laneTop(int shot) {
        return RULER + shot * (LANE + LANE_GAP) - scrollY;
    }

    /** The lane at canvas y, or -1 above the lanes or below the last. */
    int laneAt(double y, Project project) {
        if (y < RULER) {
            return -1;
        }
        int lane = (int) Math.floor((y - RULER + scrollY) / (LANE + LANE_GAP));
        return lane < project.shots().size() ? lane : -1;
    }

    /** The first and last frame that can be seen. */
    int firstVisibleFrame() {
        return Math.max(0, frameAt(HEADER));
    }

    int lastVisibleFrame() {
        return frameAt(width);
    }

    Optional<ChunkPosition> chunkAt(double x, double y, Project project) {
        int lane = laneAt(y, project);
        if (lane < 0 || x < HEADER || y > laneTop(lane) + LANE) {
            return Optional.empty();
        }
        Shot shot = project.shots().get(lane);
        int local = frameAt(x) - project.shotStartFrame(lane) - shot.start().frames();
        if (local < 0 || local >= shot.chunks().size() * Chunk.FRAMES) {
            return Optional.empty();
        }
        return Optional.of(new ChunkPosition(lane, local / Chunk.FRAMES));
    }

    /** The gap nearest to x in the lane nearest to y: where a dragged chunk lands. */
    Optional<Gap> gapAt(double x, double y, Project project) {
        if (project.shots().isEmpty()) {
            return Optional.empty();
        }
        int lane = (int) Math.floor((y - RULER + scrollY) / (LANE + LANE_GAP));
        lane = Math.max(0, Math.min(lane, project.shots().size() - 1));
        double local = (x - HEADER + scrollX) / pxPerFrame - project.shotStartFrame(lane)
                - project.shots().get(lane).start().frames();
        int gap = (int) Math.round(local / Chunk.FRAMES);
        return Optional.of(new Gap(lane, Math.max(0, Math.min(gap, project.shots().get(lane).chunks().size()))));
    }

    /** Where a dropped file becomes a new shot: after the lane under y, or after the last one below the lanes. */
    int shotInsertIndexAt(double y, Project project) {
        if (y < RULER) {
            return 0;
        }
        int lane = (int) Math.floor((y - RULER + scrollY) / (LANE + LANE_GAP));
        return Math.max(0, Math.min(lane + 1, project.shots().size()));
    }

    /** The x at which the clip of a chunk starts. */
    double chunkX(Project project, int shot, int chunk) {
        return x(project.chunkStartFrame(new ChunkPosition(shot, chunk)));
    }

    double chunkWidth() {
        return Chunk.FRAMES * pxPerFrame;
    }

    /** Scrolls the least needed so that a frame is in view. */
    void reveal(int frame, Project project) {
        double fx = frame * pxPerFrame;
        double view = width - HEADER;
        if (fx < scrollX) {
            scrollTo(fx, scrollY, project);
        } else if (fx > scrollX + view - pxPerFrame) {
            scrollTo(fx - view * 0.1, scrollY, project);
        }
    }
}
