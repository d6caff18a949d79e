package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
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

/** What a new frame costs the window (headless): which nodes it lays out, and the frame drawn at its shown size. */
@ExtendWith(ApplicationExtension.class)
class PreviewPaneTest {
    @TempDir
    Path tmp;

    private StudioWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        this.stage = stage;
        window = new StudioWindow(stage, new StudioServices(new CallingThreadExecutor(), w -> new ScriptedDialogs(),
                new StudioFolders(tmp.resolve("config"), tmp.resolve("unsaved")), new Renders()));
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
    }

    @AfterEach
    void closeWindow(FxRobot robot) {
        robot.interact(window::close);
    }

    @Test
    void aNewFrameLaysOutTheLabelsUnderThePreviewAndNothingAboveThem(FxRobot robot) {
        robot.interact(() -> {
            ProjectSession s = window.session();
            s.execute(new AddChunk(s.project().shots().get(0).id(), 1, Chunk.create("", 1)));
        });
        Parent root = stage.getScene().getRoot();
        robot.interact(root::layout);
        AtomicBoolean windowLaidOut = new AtomicBoolean();
        robot.interact(() -> {
            window.transport().seek(30);
            windowLaidOut.set(root.isNeedsLayout());
        });
        assertFalse(windowLaidOut.get(), "a new timecode and position ask no layout of the window");
        Label position = robot.lookup("#preview-position").queryAs(Label.class);
        assertEquals("Shot 1 \u00b7 Chunk 2 \u00b7 Frame 7 / 24", position.getText());
        assertEquals("00:01:06", robot.lookup("#timecode").queryAs(Label.class).getText());
        robot.interact(root::layout);
        assertTrue(position.getWidth() >= position.prefWidth(-1), "the position is shown whole");
    }

    @Test
    void aNewBadgeOrStateOnTheScreenLaysOutTheScreenAlone(FxRobot robot) {
        Parent root = stage.getScene().getRoot();
        robot.interact(root::layout);
        AtomicBoolean windowLaidOut = new AtomicBoolean();
        robot.interact(() -> {
            window.preview().compare(window.session().project().shots().get(0).chunks().get(0).id(), "a take", "Take 2");
            windowLaidOut.set(root.isNeedsLayout());
        });
        assertFalse(windowLaidOut.get(), "the badge over the frame asks no layout of the window");
        WaitForAsyncUtils.waitForFxEvents();
        Label badge = robot.lookup("#preview-badge").queryAs(Label.class);
        assertEquals("Take 2", badge.getText());
        robot.interact(root::layout);
        assertTrue(badge.getWidth() >= badge.prefWidth(-1), "and it is shown whole");
    }

    @Test
    void aTextWiderThanAnyBeforeWidensItsSlot(FxRobot robot) {
        SteadyLabel steady = new SteadyLabel(Pos.CENTER_LEFT);
        HBox row = new HBox(steady, new Label("after"));
        robot.interact(() -> {
            steady.label().setText("00:00:01");
            show(row);
            row.layout();
        });
        double slot = steady.getWidth();
        AtomicBoolean laidOut = new AtomicBoolean();
        robot.interact(() -> {
            steady.label().setText("00:00:02");
            row.layout();
            laidOut.set(row.isNeedsLayout());
        });
        assertFalse(laidOut.get(), "a text as wide as before lays out the label alone");
        robot.interact(() -> {
            steady.label().setText("Shot 1 \u00b7 the video it continues \u00b7 Frame 12 / 48");
            row.layout();
            laidOut.set(row.isNeedsLayout());
            row.layout();
        });
        assertTrue(laidOut.get(), "a wider text asks its parent for room");
        assertTrue(steady.getWidth() > slot);
        assertTrue(steady.label().getWidth() >= steady.label().prefWidth(-1), "and then it is shown whole");
        robot.interact(() -> {
            steady.label().setText("00:00:03");
            row.layout();
        });
        assertTrue(steady.getWidth() > slot, "the slot keeps its width: a narrower text moves nothing");
    }

    @Test
    void theFrameIsDrawnBilinearlyAtTheSizeItIsShownAsTheSoftwareRendererStretchedIt(FxRobot robot) {
        ImageView view = new ImageView();
        ScaledFrame frame = new ScaledFrame(view);
        Image source = gradient(32, 32);
        robot.interact(() -> {
            show(new StackPane(view));
            frame.show(source, 725.3, 408);
        });
        Image shown = view.getImage();
        assertEquals(408, shown.getWidth());
        assertEquals(408, shown.getHeight());
        assertEquals(408, view.getFitWidth());
        // The gradient rises 8 levels a source pixel: bilinear sampling at pixel centres, edges held, keeps it linear.
        for (int[] p : new int[][] {{0, 0}, {5, 12}, {100, 300}, {203, 204}, {407, 407}}) {
            int argb = shown.getPixelReader().getArgb(p[0], p[1]);
            assertEquals(8 * sourceAt(p[0]), argb >> 16 & 0xff, 1.5, "red at x " + p[0]);
            assertEquals(8 * sourceAt(p[1]), argb >> 8 & 0xff, 1.5, "green at y " + p[1]);
        }
    }

    /** Where a pixel of the 408 shown falls among the 32 of the source, its centre on theirs. */
    private static double sourceAt(int shown) {
        return Math.max(0, Math.min(31, (shown + 0.5) * 32 / 408 - 0.5));
    }

    @Test
    void aBufferIsWrittenAgainOnlyOnceAPulseHasHandedTheOtherToTheRenderer(FxRobot robot) throws Exception {
        ImageView view = new ImageView();
        ScaledFrame frame = new ScaledFrame(view);
        AtomicReference<Image> first = new AtomicReference<>();
        AtomicReference<Image> sameTurn = new AtomicReference<>();
        robot.interact(() -> {
            show(new StackPane(view));
            frame.show(gradient(32, 32), 64, 64);
            first.set(view.getImage());
            frame.show(gradient(32, 32), 64, 64);
            sameTurn.set(view.getImage());
        });
        assertSame(first.get(), sameTurn.get(), "before a pulse the pending buffer is written again");
        AtomicBoolean pulsed = new AtomicBoolean();
        robot.interact(() -> view.getScene().addPostLayoutPulseListener(() -> pulsed.set(true)));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, pulsed::get);
        robot.interact(() -> frame.show(gradient(32, 32), 64, 64));
        assertNotSame(first.get(), view.getImage(), "after a pulse the other buffer takes its turn");
    }

    @Test
    void theFrameShownIsNotDrawnAgainAtTheSameSize(FxRobot robot) throws Exception {
        ImageView view = new ImageView();
        ScaledFrame frame = new ScaledFrame(view);
        Image picture = gradient(32, 32);
        AtomicReference<Image> first = new AtomicReference<>();
        robot.interact(() -> {
            show(new StackPane(view));
            frame.show(picture, 64, 64);
            first.set(view.getImage());
        });
        AtomicBoolean pulsed = new AtomicBoolean();
        robot.interact(() -> view.getScene().addPostLayoutPulseListener(() -> pulsed.set(true)));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, pulsed::get);
        robot.interact(() -> frame.show(picture, 64, 64));
        assertSame(first.get(), view.getImage(), "a layout that shows the same frame draws nothing");
        robot.interact(() -> frame.show(picture, 96, 96));
        assertEquals(96, view.getImage().getWidth(), "at another size it is drawn again");
    }

    private static void show(Parent content) {
        Stage s = new Stage();
        s.setScene(new Scene(content, 800, 450));
        s.show();
    }

    private static Image gradient(int w, int h) {
        WritableImage img = new WritableImage(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getPixelWriter().setArgb(x, y, 0xff000000 | (x * 8) << 16 | (y * 8) << 8 | ((x + y) * 4));
            }
        }
        return img;
    }
}
