package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.geometry.Point2D;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.ScrollEvent;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import studio.magi.project.Chunk;
import studio.magi.project.edit.AddChunk;
import studio.magi.project.edit.SetPrompt;
import studio.magi.render.ChunkStatus;
import studio.magi.render.RenderBoard;

/** The timeline in the real window (headless): what it repaints, what the mouse does, where its colours come from. */
@ExtendWith(ApplicationExtension.class)
class TimelineViewTest {
    @TempDir
    Path tmp;

    private StudioWindow window;
    private TimelineView timeline;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        window = new StudioWindow(stage, new StudioServices(new CallingThreadExecutor(), w -> new ScriptedDialogs(),
                new StudioFolders(tmp.resolve("config"), tmp.resolve("unsaved")), new Renders()));
        timeline = window.timeline();
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
    }

    @AfterEach
    void closeWindow(FxRobot robot) {
        robot.interact(window::close);
    }

    /** Three chunks, the first with its own prompt; the timeline painted as they are. */
    private List<UUID> threeChunks(FxRobot robot) {
        robot.interact(() -> {
            ProjectSession s = window.session();
            s.execute(new SetPrompt(s.project().shots().get(0).chunks().get(0).id(), "a"));
            for (int i = 1; i < 3; i++) {
                s.execute(new AddChunk(s.project().shots().get(0).id(), i, Chunk.create("", i)));
            }
        });
        settle(robot);
        return window.session().project().shots().get(0).chunks().stream().map(Chunk::id).toList();
    }

    /** Runs the layout pass the next pulse would run: the timeline paints what changed. */
    private void settle(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(timeline::layout);
    }

    @Test
    void playingMovesThePlayheadAndRepaintsNothingOfTheCanvas(FxRobot robot) throws Exception {
        threeChunks(robot);
        TimelinePainter.Tally before = timeline.painted();
        double startX = timeline.playhead().lineX();
        robot.interact(window.transport()::playPause);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.transport().frame() >= 12);
        robot.interact(window.transport()::stop);
        settle(robot);
        assertEquals(before, timeline.painted(), "the canvas is not repainted while the playhead moves");
        int frame = window.transport().frame();
        assertEquals(startX + frame * timeline.pxPerFrame(), timeline.playhead().lineX(), 0.51);
        assertEquals(Timecode.of(frame), timeline.playhead().timecode());
    }

    @Test
    void aRenderStepRepaintsOnlyItsClip(FxRobot robot) {
        List<UUID> ids = threeChunks(robot);
        TimelinePainter.Tally before = timeline.painted();
        window.renders().listener().changed(new RenderBoard(Map.of(), Map.of(),
                Map.of(ids.get(1), ChunkStatus.rendering(3, 8)), Map.of(), List.of(), true, ""));
        settle(robot);
        assertEquals(new TimelinePainter.Tally(before.whole(), before.clips() + 1), timeline.painted());
        assertEquals(List.of(ChunkStatus.State.NOT_RENDERED, ChunkStatus.State.RENDERING, ChunkStatus.State.NOT_RENDERED),
                timeline.visibleClips().stream().map(TimelineClip::state).toList());

        robot.interact(() -> window.actions().selectedProperty().set(ids.get(2)));
        settle(robot);
        assertEquals(before.whole(), timeline.painted().whole(), "selecting repaints the clips it concerns, no more");
        assertEquals(before.clips() + 1 + 2, timeline.painted().clips(), "the clip that was selected and chunk 3");
        settle(robot);
        assertEquals(before.clips() + 1 + 2, timeline.painted().clips(), "nothing changed, nothing painted");
    }

    @Test
    void theColoursComeFromTheStylesheet(FxRobot robot) {
        threeChunks(robot);
        TimelineClip first = timeline.visibleClips().get(0);
        double laneY = TimelineLayout.RULER + 30;
        double pastTheClips = first.x() + 3 * first.width() + 40;
        assertEquals(Color.web("#12171f"), pixel(robot, pastTheClips, laneY), "-timeline-lane");
        assertEquals(Color.web("#0d1117"), pixel(robot, pastTheClips, laneY + TimelineLayout.LANE + 20),
                "-timeline-background: the theme's -color-bg-default");
        assertEquals(Color.web("#1f3b5c"), pixel(robot, first.x() + first.width() - 8, laneY), "-timeline-clip");

        robot.interact(() -> timeline.setStyle("-timeline-lane: #804020;"));
        settle(robot);
        assertEquals(Color.web("#804020"), pixel(robot, pastTheClips, laneY), "another theme repaints the timeline");
    }

    @Test
    void draggingAClipShowsWhereItLandsAndMovesIt(FxRobot robot) {
        List<UUID> ids = threeChunks(robot);
        Point2D from = timeline.clipCenter(0, 2).orElseThrow();
        Point2D gapAfterFirst = timeline.clipCenter(0, 0).orElseThrow().add(timeline.pxPerFrame() * Chunk.FRAMES / 2 + 3, 0);
        robot.drag(onScreen(from), MouseButton.PRIMARY).moveTo(onScreen(gapAfterFirst));
        settle(robot);
        double belowTheDraggedClip = TimelineLayout.RULER + TimelineLayout.LANE + 2;
        assertEquals(Color.web("#f2cc60"), pixel(robot, gapAfterFirst.getX() - 3, belowTheDraggedClip),
                "the drop bar between chunks 1 and 2");
        robot.release(MouseButton.PRIMARY);
        assertEquals(List.of(ids.get(0), ids.get(2), ids.get(1)),
                window.session().project().shots().get(0).chunks().stream().map(Chunk::id).toList());
    }

    @Test
    void theRulerScrubsAndTheWheelScrolls(FxRobot robot) {
        robot.interact(() -> {
            ProjectSession s = window.session();
            for (int i = 1; i < 30; i++) {
                s.execute(new AddChunk(s.project().shots().get(0).id(), i, Chunk.create("", i)));
            }
        });
        settle(robot);
        robot.clickOn(onScreen(new Point2D(TimelineLayout.HEADER + 10 * timeline.pxPerFrame() + 1, 10)));
        assertEquals(10, window.transport().frame(), "a click on the ruler puts the playhead there");

        assertEquals(0, timeline.visibleClips().get(0).chunk());
        int shown = timeline.visibleClips().size();
        assertTrue(shown < 30, "only the clips in view: " + shown);
        robot.interact(() -> wheel(-600, false));
        settle(robot);
        assertEquals(5, timeline.visibleClips().get(0).chunk(), "the wheel scrolls the film");
        double zoom = timeline.pxPerFrame();
        robot.interact(() -> wheel(40, true));
        assertEquals(zoom * TimelineLayout.ZOOM_STEP, timeline.pxPerFrame(), 1e-9, "Ctrl and the wheel zoom");
    }

    /** A turn of the mouse wheel over the canvas (deltaY pixels; with Ctrl, a zoom). */
    private void wheel(double deltaY, boolean ctrl) {
        Point2D at = timeline.clipCenter(0, 1).orElseThrow();
        Point2D screen = onScreen(at);
        timeline.canvas().fireEvent(new ScrollEvent(ScrollEvent.SCROLL, at.getX(), at.getY(), screen.getX(),
                screen.getY(), false, ctrl, false, false, false, false, 0, deltaY, 0, deltaY,
                ScrollEvent.HorizontalTextScrollUnits.NONE, 0, ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
    }

    private Color pixel(FxRobot robot, double x, double y) {
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = timeline.canvas().snapshot(null, null));
        return shot[0].getPixelReader().getColor((int) x, (int) y);
    }

    private Point2D onScreen(Point2D p) {
        return timeline.canvas().localToScreen(p);
    }
}
