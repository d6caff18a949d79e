package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import atlantafx.base.theme.PrimerDark;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import studio.magi.engine.DeviceName;
import studio.magi.engine.DevicePool;
import studio.magi.engine.ModelFactory;
import studio.magi.media.FfmpegTools;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotSettings;
import studio.magi.project.edit.ChangeShotSettings;
import studio.magi.render.ChunkStatus;
import studio.magi.render.RenderModel;
import studio.magi.render.RenderService;
import studio.magi.render.RenderStore;

/** The studio with the built-in model, headless: render, watch frames arrive, re-prompt, cancel, reopen, start from a picture. */
@ExtendWith(ApplicationExtension.class)
class LiveStudioTest {
    private static final Path CHECKPOINT = Path.of("ckpt", "nano");
    private static DevicePool pool;
    private static RenderModel model;

    @TempDir
    Path tmp;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private StudioWindow window;
    private RenderService service;
    private Renders renders;

    @BeforeAll
    static void load() throws Exception {
        pool = DevicePool.open(List.of(DeviceName.CPU), d -> ModelFactory.installed().load(CHECKPOINT, d));
        model = RenderModel.of(CHECKPOINT);
    }

    @AfterAll
    static void unload() {
        pool.close();
    }

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        renders = new Renders();
        window = new StudioWindow(stage, new StudioServices(new CallingThreadExecutor(), w -> dialogs,
                new StudioFolders(tmp.resolve("config"), tmp.resolve("unsaved")), renders));
        service = new RenderService(pool, model, renders.listener());
        renders.attach(service);
        stage.setWidth(1280);
        stage.setHeight(800);
        stage.show();
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(window::close);
        service.close();
    }

    /** Fast settings so a test renders in seconds: 4 steps, one guidance pass, window 2. */
    private void fastShots(FxRobot robot) {
        robot.interact(() -> {
            for (Shot s : window.session().project().shots()) {
                window.session().execute(new ChangeShotSettings(s.id(),
                        ShotSettings.DEFAULT.withSteps(4).withCfgNumber(1).withWindow(2)));
            }
        });
    }

    private Chunk chunk(int shot, int index) {
        return window.session().project().shots().get(shot).chunks().get(index);
    }

    private ChunkStatus status(int shot, int index) {
        return fx(() -> renders.status(chunk(shot, index).id()));
    }

    private static <T> T fx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(condition));
        } catch (TimeoutException e) {
            fail("timed out waiting for " + what);
        }
    }

    private boolean allDone() {
        return window.session().project().shots().stream().flatMap(s -> s.chunks().stream())
                .allMatch(c -> renders.status(c.id()).done());
    }

    @Test
    void aboutsEngineLineNamesTheCheckedKernelPathAndTheCpu() {
        List<String> lines = renders.engineDiagnostics();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("self-check passed in ") && lines.get(0).contains("vae_pixel_head=im2col-gemm")
                && lines.get(0).contains("; CPU "), lines.get(0));
    }

    @Test
    void renderShowsTheFirstSecondBeforeTheLastIsDoneAndReRendersOnlyFromAChangedPrompt(FxRobot robot) throws Exception {
        robot.clickOn("#prompt").write("a red circle bouncing on a black background");
        for (int i = 0; i < 7; i++) {
            robot.clickOn("#add-chunk");
        }
        fastShots(robot);
        AtomicBoolean lastDoneWhenFirstShown = new AtomicBoolean(true);
        AtomicReference<Image> firstShown = new AtomicReference<>();
        AtomicReference<List<String>> queueWhenFirstShown = new AtomicReference<>();
        robot.interact(() -> window.preview().imageProperty().addListener((o, a, img) -> {
            if (img != null && firstShown.get() == null) {
                firstShown.set(img);
                lastDoneWhenFirstShown.set(renders.status(chunk(0, 7).id()).done());
                queueWhenFirstShown.set(robot.lookup("#render-queue-list").queryAs(javafx.scene.control.ListView.class)
                        .getItems().stream().map(l -> ((studio.magi.render.QueueLine) l).label()).toList());
            }
        }));
        robot.interact(() -> window.transport().seek(0));
        robot.push(KeyCode.CONTROL, KeyCode.R);
        await("the first frame in the preview", () -> firstShown.get() != null);
        assertFalse(lastDoneWhenFirstShown.get(), "chunk 1 plays while chunk 8 is still rendering");
        assertFalse(fx(() -> robot.lookup("#preview-empty-state").query().isVisible()),
                "a rendered frame replaces the empty state");
        assertEquals(List.of("Shot 1 \u00b7 chunks 1\u20138"), queueWhenFirstShown.get(),
                "the render queue lists the shot's render while it runs");
        javafx.scene.control.ListView<?> queue = robot.lookup("#render-queue-list").queryAs(javafx.scene.control.ListView.class);
        await("every chunk done", this::allDone);
        await("an empty queue", () -> queue.getItems().isEmpty());
        assertEquals(8, service.renderedChunks());
        assertTrue(fx(() -> window.timeline().visibleClips().stream()
                .allMatch(c -> c.state() == ChunkStatus.State.DONE)), "every clip shows its frames");

        robot.interact(() -> window.actions().selectedProperty().set(chunk(0, 2).id()));
        robot.clickOn("#prompt").push(KeyCode.CONTROL, KeyCode.A).write("the circle turns blue");
        robot.type(KeyCode.ESCAPE);
        await("2.. stale", () -> renders.status(chunk(0, 2).id()).state() == ChunkStatus.State.STALE);
        assertTrue(status(0, 1).done(), "chunk 2 keeps its render");
        assertEquals(ChunkStatus.State.STALE, status(0, 7).state(), "what follows the change is stale too");
        robot.push(KeyCode.CONTROL, KeyCode.R);
        await("re-rendered", this::allDone);
        assertEquals(8 + 6, service.renderedChunks(), "only chunks 3 to 8 render again");
    }

    @Test
    void cancelMarksNothingDoneThatIsNotAndAReopenedProjectShowsItsRenders(FxRobot robot) throws Exception {
        robot.clickOn("#prompt").write("a yellow square sliding right on a gray background");
        for (int i = 0; i < 23; i++) {
            robot.clickOn("#add-chunk");
        }
        fastShots(robot);
        robot.clickOn("#render");
        await("a first chunk", () -> renders.status(chunk(0, 0).id()).done());
        robot.clickOn("#cancel-renders");
        await("nothing pending", () -> !renders.board().busy());
        Path work = fx(() -> window.session().workFolderProperty().get());
        RenderStore store = RenderStore.open(work);
        int done = 0;
        for (int i = 0; i < 24; i++) {
            int index = i;
            String k = fx(() -> renders.board().key(chunk(0, index).id()).orElseThrow());
            boolean shown = status(0, i).done();
            assertEquals(store.has(k), shown, "chunk " + (i + 1) + ": done on screen exactly when on disk");
            assertFalse(status(0, i).pending());
            done += shown ? 1 : 0;
        }
        assertTrue(done >= 1 && done < 24, "cancelled part way, after " + done + " chunks");

        Path folder = tmp.resolve("Cancelled Film");
        dialogs.folders.add(folder);
        robot.push(KeyCode.CONTROL, KeyCode.S);
        Project saved = fx(window.session()::project);
        long rendered = service.renderedChunks();
        robot.interact(() -> window.session().newProject());
        robot.interact(() -> window.session().open(folder));
        int expected = done;
        await("the reopened project shows its renders", () -> window.session().project().equals(saved)
                && window.session().project().shots().get(0).chunks().stream()
                .filter(c -> renders.status(c.id()).done()).count() == expected);
        assertEquals(rendered, service.renderedChunks(), "reopening renders nothing");
        assertEquals(0, fx(() -> window.transport().frame()), "the playhead at the start");
        await("a rendered frame in the preview, the playhead untouched",
                () -> window.preview().imageProperty().get() != null);
    }

    @Test
    void aDroppedPictureStartsAShotWhoseFirstFrameLooksLikeIt(FxRobot robot) throws Exception {
        BufferedImage art = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = art.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 48);
        g.setColor(new Color(230, 30, 30));
        g.fillRect(22, 14, 20, 20);
        g.dispose();
        Path png = tmp.resolve("red square.png");
        ImageIO.write(art, "png", png.toFile());
        robot.interact(() -> window.session().importAsShots(List.of(png), 1));
        assertEquals(2, fx(() -> window.session().project().shots().size()));
        fastShots(robot);
        robot.interact(() -> renders.renderShot(window.session().project().shots().get(1).id()));
        await("the picture's shot rendered", () -> renders.status(chunk(1, 0).id()).done());
        String key = fx(() -> renders.board().key(chunk(1, 0).id()).orElseThrow());
        await("its frames", () -> renders.frame(key, 0).isPresent());
        Image frame = fx(() -> renders.frame(key, 0).orElseThrow());
        double[] corner = mean(frame, 0, 0, 6, 6);
        double[] middle = mean(frame, 13, 13, 19, 19);
        assertTrue(corner[0] > 170 && corner[1] > 170 && corner[2] > 170, "white around: " + rgb(corner));
        assertTrue(middle[0] > 140 && middle[1] < 110 && middle[2] < 110, "red in the middle: " + rgb(middle));
    }

    @Test
    void takesRenderSideBySideAndKeepingOneReRendersWhatFollows(FxRobot robot) throws Exception {
        robot.clickOn("#prompt").write("a green triangle falling on a white background");
        robot.clickOn("#add-chunk").clickOn("#add-chunk");
        fastShots(robot);
        robot.push(KeyCode.CONTROL, KeyCode.R);
        await("three chunks", this::allDone);
        robot.interact(() -> window.actions().selectedProperty().set(chunk(0, 1).id()));
        robot.clickOn("#render-takes");
        assertEquals(3, fx(() -> chunk(0, 1).takes().size()));
        assertEquals(0, fx(() -> chunk(0, 1).chosenTake()), "take 1 is what the chunk played");
        await("the takes rendered", () -> chunk(0, 1).takes().stream().allMatch(t ->
                renders.board().takeStatus(t.renderKey()).done()));
        assertEquals(3 + 2, service.renderedChunks(), "take 1 was rendered already; two new seeds render");
        long keptSeed = fx(() -> chunk(0, 1).takes().get(2).seed());

        robot.interact(() -> robot.lookup("#takes").queryListView().getSelectionModel().select(2));
        assertTrue(fx(() -> window.preview().badgeProperty().get()).startsWith("Take 3"), "the preview compares take 3");
        robot.clickOn(robot.lookup("#takes .list-cell").queryAllAs(javafx.scene.control.ListCell.class).stream()
                .filter(c -> c.getIndex() == 2).findFirst().orElseThrow().lookup(".button"));
        assertEquals(2, fx(() -> chunk(0, 1).chosenTake()));
        assertEquals(keptSeed, fx(() -> chunk(0, 1).seed()));
        assertTrue(status(0, 1).done(), "the kept take is rendered already");
        assertEquals(ChunkStatus.State.STALE, status(0, 2).state(), "what follows continues another take now");
        robot.push(KeyCode.CONTROL, KeyCode.R);
        await("chunk 3 again", this::allDone);
        assertEquals(3 + 2 + 1, service.renderedChunks());

        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertEquals(0, fx(() -> chunk(0, 1).chosenTake()), "keeping a take is undone");
        await("undo brings the first renders back", this::allDone);
        assertEquals(3 + 2 + 1, service.renderedChunks(), "from the cache");
    }

    @Test
    void exportsTheRenderedFilmAsMp4AndOpenTimelineIo(FxRobot robot) throws Exception {
        robot.clickOn("#prompt").write("a blue circle rising on a black background");
        robot.clickOn("#add-chunk");
        fastShots(robot);
        Path mp4 = tmp.resolve("out/film.mp4");
        dialogs.exportTargets.add(mp4);
        robot.interact(() -> window.export(studio.magi.render.FilmExport.Format.MP4));
        await("refused", () -> !dialogs.errors.isEmpty());
        assertTrue(dialogs.errors.get(0).contains("not rendered"), dialogs.errors.get(0));
        assertFalse(java.nio.file.Files.exists(mp4));

        robot.push(KeyCode.CONTROL, KeyCode.R);
        await("rendered", this::allDone);
        dialogs.exportTargets.add(mp4);
        robot.interact(() -> window.export(studio.magi.render.FilmExport.Format.MP4));
        await("the MP4", () -> window.session().statusProperty().get().startsWith("Exported"));
        Process probe = FfmpegTools.start(List.of("ffprobe", "-v", "error", "-count_frames",
                "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames,r_frame_rate,codec_name,pix_fmt",
                "-of", "csv=p=0", mp4.toString()));
        String info = new String(probe.getInputStream().readAllBytes()).strip();
        assertEquals(0, probe.waitFor());
        assertEquals("h264,yuv420p,24/1,48", info);

        Path otio = tmp.resolve("out/film.otio");
        dialogs.exportTargets.add(otio);
        robot.interact(() -> window.export(studio.magi.render.FilmExport.Format.OTIO));
        await("the OTIO", () -> java.nio.file.Files.exists(otio));
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(otio.toFile());
        assertEquals("Timeline.1", root.path("OTIO_SCHEMA").asText());
        com.fasterxml.jackson.databind.JsonNode clips = root.path("tracks").path("children").get(0).path("children");
        assertEquals(2, clips.size());
        assertEquals("a blue circle rising on a black background", clips.get(1).path("metadata").path("magi").path("prompt").asText());
    }

    @Test
    void aDroppedVideoIsTheShotsLockedFirstClipAndTheShotContinuesItsLastFrame(FxRobot robot) throws Exception {
        List<studio.magi.media.Frame> frames = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            BufferedImage f = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = f.createGraphics();
            g.setColor(new Color(40, 40, 200));
            g.fillRect(0, 0, 48, 48);
            g.dispose();
            frames.add(studio.magi.media.Frame.of(f));
        }
        Path clip = tmp.resolve("blue.mp4");
        studio.magi.media.Mp4Writer.write(new studio.magi.media.Clip(24, frames), clip);
        robot.interact(() -> window.session().importAsShots(List.of(clip), 1));
        Shot shot = fx(() -> window.session().project().shots().get(1));
        assertEquals(studio.magi.project.ShotStart.video("media/blue.mp4", 2), shot.start(), "two whole seconds of 60 frames");
        assertEquals(24 + 48 + 24, fx(() -> window.session().project().frames()), "the video's seconds are part of the film");
        assertTrue(fx(() -> window.timeline().clipCenter(1, 0).orElseThrow().getX()
                > window.timeline().clipCenter(0, 0).orElseThrow().getX() + 2 * 24 * window.timeline().pxPerFrame()),
                "the shot's first chunk comes after its locked clip");

        robot.interact(() -> window.transport().seek(24 + 30));
        await("the video's frame in the preview", () -> {
            window.preview().refresh();
            return window.preview().imageProperty().get() != null;
        });
        assertTrue(fx(() -> window.preview().positionProperty().get()).contains("the video it continues"));
        double[] blue = fx(() -> mean(window.preview().imageProperty().get(), 8, 8, 24, 24));
        assertTrue(blue[2] > 150 && blue[0] < 90, "the video's blue: " + rgb(blue));

        fastShots(robot);
        robot.interact(() -> renders.renderShot(window.session().project().shots().get(1).id()));
        await("the continuation", () -> renders.status(chunk(1, 0).id()).done());
        assertTrue(fx(() -> window.timeline().visibleClips().stream()
                .anyMatch(c -> c.shot() == 1 && c.chunk() == 0 && c.state() == ChunkStatus.State.DONE)));
    }

    private static double[] mean(Image img, int x0, int y0, int x1, int y1) {
        double[] sum = new double[3];
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int argb = img.getPixelReader().getArgb(x, y);
                sum[0] += argb >> 16 & 0xff;
                sum[1] += argb >> 8 & 0xff;
                sum[2] += argb & 0xff;
                n++;
            }
        }
        for (int i = 0; i < 3; i++) {
            sum[i] /= n;
        }
        return sum;
    }

    private static String rgb(double[] c) {
        return String.format("(%.0f, %.0f, %.0f)", c[0], c[1], c[2]);
    }
}
