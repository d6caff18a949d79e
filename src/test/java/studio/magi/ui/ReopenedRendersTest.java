package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import atlantafx.base.theme.PrimerDark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.Frames;
import studio.magi.engine.Latent;
import studio.magi.render.ChunkRun;
import studio.magi.render.RenderModel;
import studio.magi.render.RenderService;
import studio.magi.render.RenderStore;
import studio.magi.render.RenderTarget;

/**
 * A saved project whose chunks are rendered, opened in a studio that has none of its frames in memory (a new start):
 * the preview and the timeline's filmstrips show the renders once they are read from disk, with no touch of the
 * playhead.
 */
@ExtendWith(ApplicationExtension.class)
class ReopenedRendersTest {
    private static final RenderModel MODEL = new RenderModel("made-up frames", 8);

    @TempDir
    Path tmp;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final List<Runnable> closing = new ArrayList<>();
    private StudioWindow window;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        window = studio(stage);
    }

    /** A studio as it starts: a window, and a render service of its own with nothing in memory. */
    private StudioWindow studio(Stage stage) {
        Renders renders = new Renders();
        StudioWindow w = new StudioWindow(stage, new StudioServices(new CallingThreadExecutor(), x -> dialogs,
                new StudioFolders(tmp.resolve("config"), tmp.resolve("unsaved")), renders));
        RenderService service = new RenderService(new MadeUpFrames(), MODEL, renders.listener());
        renders.attach(service);
        closing.add(w::close);
        closing.add(service::close);
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
        return w;
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> closing.forEach(Runnable::run));
    }

    @Test
    void aReopenedProjectShowsItsRendersWithoutMovingThePlayhead(FxRobot robot) {
        robot.clickOn("#prompt").write("a red circle bouncing on a black background");
        robot.clickOn("#add-chunk");
        robot.push(KeyCode.CONTROL, KeyCode.R);
        await("both chunks rendered", () -> window.timeline().visibleClips().stream().allMatch(c -> c.filmstrip()));
        Path folder = tmp.resolve("Rendered Film");
        dialogs.folders.add(folder);
        robot.push(KeyCode.CONTROL, KeyCode.S);
        assertTrue(fx(() -> RenderStore.open(folder).hasAnyFor(window.session().project().shots().get(0)
                .chunks().get(1).id())), "the renders are saved with the project");

        robot.interact(() -> {
            window.close();
            window = studio(new Stage());
            window.session().open(folder);
        });
        assertEquals(0, fx(() -> window.transport().frameProperty().get()), "the playhead at the start");
        await("the first frame in the preview", () -> window.preview().imageProperty().get() != null);
        await("the filmstrips in the timeline", () -> window.timeline().visibleClips().size() == 2
                && window.timeline().visibleClips().stream().allMatch(c -> c.filmstrip()));
    }

    private static <T> T fx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for what the window shows; the frames come from disk in a moment. */
    private static void await(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(condition));
        } catch (TimeoutException e) {
            fail("timed out waiting for " + what);
        }
    }

    /** Renders each chunk of a run at once, as frames of one colour, on a thread of its own. */
    private static final class MadeUpFrames implements RenderTarget {
        private static final ChunkShape SHAPE = new ChunkShape(24, 16, 16, 4, 6, 2, 2);

        @Override
        public int capacity() {
            return 1;
        }

        @Override
        public ChunkShape chunkShape() {
            return SHAPE;
        }

        @Override
        public List<String> unknownWords(String prompt) {
            return List.of();
        }

        @Override
        public Running start(ChunkRun run, RenderStore renders, Listener listener) {
            CompletableFuture.runAsync(() -> {
                for (int i = 0; i < run.chunks().size(); i++) {
                    byte[] rgb = new byte[SHAPE.width() * SHAPE.height() * 3];
                    java.util.Arrays.fill(rgb, (byte) 200);
                    List<byte[]> pictures = new ArrayList<>();
                    for (int f = 0; f < SHAPE.frames(); f++) {
                        pictures.add(rgb);
                    }
                    listener.rendered(i, Frames.of(SHAPE.width(), SHAPE.height(), pictures),
                            new Latent(new long[] {1, 1, 1, 1}, new float[] {i}));
                }
                listener.ended();
            });
            return () -> { };
        }

        @Override
        public void close() {
        }
    }
}
