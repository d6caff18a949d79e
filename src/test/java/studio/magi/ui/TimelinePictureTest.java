package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;

/** What the timeline shows, without painting it: only the clips in view, and when only their looks changed. */
class TimelinePictureTest {
    private final Renders renders = new Renders();

    private static Project film(int chunks) {
        List<Chunk> list = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            list.add(Chunk.create(i == 0 ? "a red circle" : "", i));
        }
        return new Project("F", List.of(new Shot(UUID.randomUUID(), ShotStart.NOTHING,
                studio.magi.project.ShotSettings.DEFAULT, list)));
    }

    private static TimelineLayout layout(double width) {
        TimelineLayout l = new TimelineLayout();
        l.setViewport(width, 300);
        return l;
    }

    private TimelinePicture picture(Project p, TimelineLayout l, UUID selected) {
        return TimelinePicture.of(p, l, renders, selected, Optional.empty(), -1);
    }

    @Test
    void onlyTheClipsInViewAreInThePicture() {
        Project p = film(40);
        TimelineLayout l = layout(TimelineLayout.HEADER + 5 * 120);
        List<TimelineClip> clips = picture(p, l, null).clips();
        assertEquals(List.of(0, 1, 2, 3, 4, 5), clips.stream().map(TimelineClip::chunk).toList(),
                "five seconds in view and the edge of the sixth");
        assertEquals("a red circle", clips.get(1).label(), "the prompt carried on");
        assertTrue(clips.get(1).carried());
        assertEquals("1  0s", (clips.get(0).chunk() + 1) + "  " + clips.get(0).startSecond() + "s");

        l.scrollTo(20 * 120, 0, p);
        assertEquals(20, picture(p, l, null).clips().get(0).chunk());
    }

    @Test
    void aNewSelectionChangesOnlyTheClipsLooksAScrollOrAnEditMore() {
        Project p = film(4);
        TimelineLayout l = layout(1000);
        TimelinePicture before = picture(p, l, null);
        UUID second = p.shots().get(0).chunks().get(1).id();
        TimelinePicture selected = picture(p, l, second);
        assertTrue(selected.onlyClipsChangedSince(before));
        assertTrue(selected.clips().get(1).selected());
        assertEquals(before.clips().get(0), selected.clips().get(0), "the other clips look the same");

        l.zoom(TimelineLayout.ZOOM_STEP, TimelineLayout.HEADER, p);
        assertFalse(picture(p, l, second).onlyClipsChangedSince(selected), "zoomed: everything moves");
        TimelinePicture zoomed = picture(p, l, second);
        Project edited = p.withName("G");
        assertFalse(picture(edited, l, second).onlyClipsChangedSince(zoomed), "another project: the headers may differ");
        TimelinePicture dragging = TimelinePicture.of(p, l, renders, second,
                Optional.of(new TimelinePicture.Drag(second, 300, 50, Optional.empty())), -1);
        assertFalse(dragging.onlyClipsChangedSince(zoomed), "a drag repaints everything");
    }
}
