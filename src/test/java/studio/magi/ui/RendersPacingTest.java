package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import studio.magi.render.RenderBoard;

/** While the film plays, the render service's news waits for the pulse of the next frame, a frame's time at most. */
@ExtendWith(ApplicationExtension.class)
class RendersPacingTest {
    private final Renders renders = new Renders();
    private final BooleanProperty playing = new SimpleBooleanProperty();

    @Start
    void start(Stage stage) {
        renders.paceWith(playing);
    }

    private static RenderBoard board(String name) {
        return new RenderBoard(Map.of(), Map.of(), Map.of(), Map.of(), List.of(), true, name);
    }

    /** The service publishes a board; the FX thread has run what that asked of it. */
    private void publish(String name) {
        renders.listener().changed(board(name));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String shown() {
        return fx(() -> renders.board().problem());
    }

    private static <T> T fx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whileNothingPlaysABoardIsShownAtOnce() {
        publish("a");
        assertEquals("a", shown());
    }

    @Test
    void whilePlayingABoardWaitsForThePulseOfTheNextFrame(FxRobot robot) {
        robot.interact(() -> playing.set(true));
        long beforeTheNews = System.nanoTime();
        publish("a");
        publish("b");
        assertEquals("", shown(), "held");
        // A pulse stamped before the board came: within a frame's time of it, however slowly this test runs.
        robot.interact(() -> renders.framePulse(false, beforeTheNews));
        assertEquals("", shown(), "a pulse without a new frame paints nothing new");
        robot.interact(() -> renders.framePulse(true, System.nanoTime()));
        assertEquals("b", shown(), "the latest board, with the next frame");
    }

    @Test
    void aBoardWaitsAFramesTimeAtMost(FxRobot robot) {
        robot.interact(() -> playing.set(true));
        publish("a");
        robot.interact(() -> renders.framePulse(false, System.nanoTime() + Renders.HOLD_NANOS));
        assertEquals("a", shown(), "playback that shows no new frame does not keep the news back");
    }

    @Test
    void stoppingPlaybackShowsAHeldBoard(FxRobot robot) {
        robot.interact(() -> playing.set(true));
        publish("a");
        assertEquals("", shown());
        robot.interact(() -> playing.set(false));
        assertEquals("a", shown());
    }
}
