package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;

class TimelineLayoutTest {
    private static final double LANE2 = TimelineLayout.RULER + TimelineLayout.LANE + TimelineLayout.LANE_GAP + 10;

    private final Project film = new Project("F", List.of(
            new Shot(java.util.UUID.randomUUID(), ShotStart.NOTHING, studio.magi.project.ShotSettings.DEFAULT,
                    List.of(Chunk.create("a", 1), Chunk.create("", 2), Chunk.create("", 3))),
            Shot.create(ShotStart.NOTHING, Chunk.create("b", 4))));

    private TimelineLayout layout() {
        TimelineLayout l = new TimelineLayout();
        l.setViewport(1000, 300);
        return l;
    }

    @Test
    void shotsAreLanesThatStartWhereThePreviousOneEnds() {
        TimelineLayout l = layout();
        double cw = l.chunkWidth();
        double y1 = TimelineLayout.RULER + 10;
        assertEquals(Optional.of(new ChunkPosition(0, 0)), l.chunkAt(TimelineLayout.HEADER + 1, y1, film));
        assertEquals(Optional.of(new ChunkPosition(0, 2)), l.chunkAt(TimelineLayout.HEADER + 2.5 * cw, y1, film));
        assertEquals(Optional.empty(), l.chunkAt(TimelineLayout.HEADER + 3.5 * cw, y1, film), "after shot 1 ends");
        assertEquals(Optional.empty(), l.chunkAt(TimelineLayout.HEADER + 1, LANE2, film), "before shot 2 starts");
        assertEquals(Optional.of(new ChunkPosition(1, 0)), l.chunkAt(TimelineLayout.HEADER + 3.5 * cw, LANE2, film));
    }

    @Test
    void aDragLandsInTheNearestGapOfTheLaneUnderIt() {
        TimelineLayout l = layout();
        double cw = l.chunkWidth();
        double y1 = TimelineLayout.RULER + 10;
        assertEquals(new TimelineLayout.Gap(0, 1), l.gapAt(TimelineLayout.HEADER + 1.2 * cw, y1, film).orElseThrow());
        assertEquals(new TimelineLayout.Gap(0, 3), l.gapAt(TimelineLayout.HEADER + 9 * cw, y1, film).orElseThrow());
        assertEquals(new TimelineLayout.Gap(1, 0), l.gapAt(TimelineLayout.HEADER, LANE2, film).orElseThrow());
        assertEquals(new TimelineLayout.Gap(1, 1), l.gapAt(TimelineLayout.HEADER + 4 * cw, 2000, film).orElseThrow(),
                "below the lanes: the last lane");
    }

    @Test
    void zoomKeepsTheAnchoredFrameInPlace() {
        TimelineLayout l = layout();
        double anchor = TimelineLayout.HEADER + 200;
        int frame = l.frameAt(anchor);
        l.zoom(TimelineLayout.ZOOM_STEP, anchor, film);
        assertEquals(frame, l.frameAt(anchor));
        for (int i = 0; i < 40; i++) {
            l.zoom(TimelineLayout.ZOOM_STEP, anchor, film);
        }
        assertEquals(TimelineLayout.MAX_PX_PER_FRAME, l.pxPerFrame());
    }

    @Test
    void onlyTheVisibleFramesArePainted() {
        TimelineLayout l = layout();
        l.zoom(8, TimelineLayout.HEADER, film);
        l.scrollTo(1000, 0, film);
        assertEquals((int) (1000 / l.pxPerFrame()), l.firstVisibleFrame());
        assertEquals(l.frameAt(1000), l.lastVisibleFrame());
    }
}
