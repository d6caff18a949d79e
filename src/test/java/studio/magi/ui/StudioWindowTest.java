package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
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
import studio.magi.project.Project;
import studio.magi.project.ShotStart;
import studio.magi.project.store.ProjectFolder;

/** The real window, driven by keyboard and mouse as a filmmaker would (headless). */
@ExtendWith(ApplicationExtension.class)
class StudioWindowTest {
    @TempDir
    Path tmp;

    private StudioWindow window;
    private Stage stage;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        this.stage = stage;
        window = new StudioWindow(stage, new StudioServices(new CallingThreadExecutor(), w -> dialogs,
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
    void writeAFewSecondsUndoRedoReorderSaveAndReopen(FxRobot robot) throws Exception {
        assertEquals("Untitled \u2014 MAGI Studio", stage.getTitle());
        assertEquals(List.of("(no prompt)"), labels());

        robot.clickOn("#prompt").write("a red circle bouncing");
        assertEquals("a red circle bouncing", chunk(0).prompt());
        assertEquals("Untitled* \u2014 MAGI Studio", stage.getTitle());

        robot.clickOn("#add-chunk").clickOn("#add-chunk").clickOn("#add-chunk");
        assertEquals(List.of("a red circle bouncing", "a red circle bouncing", "a red circle bouncing",
                "a red circle bouncing"), labels());
        assertEquals(List.of(false, true, true, true), carried(), "new chunks carry the prompt on");

        robot.clickOn(onCanvas(window.timeline().clipCenter(0, 2).orElseThrow()));
        robot.clickOn("#prompt").write("the circle turns blue");
        assertEquals(List.of("a red circle bouncing", "a red circle bouncing", "the circle turns blue",
                "the circle turns blue"), labels());

        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertEquals("", chunk(2).prompt(), "the whole prompt typed is one undo step");
        assertEquals(List.of(false, true, true, true), carried());
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z);
        assertEquals("the circle turns blue", chunk(2).prompt());
        robot.push(KeyCode.CONTROL, KeyCode.Z).push(KeyCode.CONTROL, KeyCode.Y);
        assertEquals("the circle turns blue", chunk(2).prompt());
        MenuItem undo = robot.lookup("#menu-bar").queryAs(MenuBar.class).getMenus().get(1).getItems().get(0);
        assertEquals("Undo Edit Prompt", undo.getText(), "the menu names what Ctrl+Z undoes");

        List<UUID> ids = window.session().project().shots().get(0).chunks().stream().map(Chunk::id).toList();
        Point2D from = window.timeline().clipCenter(0, 3).orElseThrow();
        Point2D gapAfterFirst = window.timeline().clipCenter(0, 0).orElseThrow().add(
                window.timeline().pxPerFrame() * Chunk.FRAMES / 2 + 3, 0);
        robot.drag(onCanvas(from), MouseButton.PRIMARY).moveTo(onCanvas(gapAfterFirst)).release(MouseButton.PRIMARY);
        assertEquals(List.of(ids.get(0), ids.get(3), ids.get(1), ids.get(2)),
                window.session().project().shots().get(0).chunks().stream().map(Chunk::id).toList());
        List<String> before = labels();
        assertEquals(List.of("a red circle bouncing", "the circle turns blue", "a red circle bouncing",
                "the circle turns blue"), before, "each clip keeps saying what it said");

        Path folder = tmp.resolve("films").resolve("Rainy Day");
        dialogs.folders.add(folder);
        robot.push(KeyCode.CONTROL, KeyCode.S);
        assertTrue(Files.isRegularFile(folder.resolve("project.json")));
        assertEquals("Rainy Day \u2014 MAGI Studio", stage.getTitle(), "saved, named after its folder, clean");
        Project saved = window.session().project();

        robot.push(KeyCode.CONTROL, KeyCode.N);
        assertEquals(List.of("(no prompt)"), labels());
        dialogs.folders.add(folder);
        robot.push(KeyCode.CONTROL, KeyCode.O);
        assertEquals(saved, window.session().project());
        assertEquals(before, labels(), "the same timeline");
        assertEquals(List.of(folder.toAbsolutePath()), window.session().recentProjects());
        assertEquals(0, dialogs.saveQuestions, "nothing unsaved was ever at stake");
        assertEquals(List.of(), dialogs.errors);
    }

    @Test
    void aShotContinuedAsANewShotStartsFromItAndSaysSo(FxRobot robot) {
        robot.clickOn("#prompt").write("a red circle");
        robot.clickOn(onCanvas(window.timeline().clipCenter(0, 0).orElseThrow()));
        robot.clickOn(onCanvas(window.timeline().clipCenter(0, 0).orElseThrow()), MouseButton.SECONDARY);
        robot.clickOn("Continue as New Shot");
        Project p = window.session().project();
        assertEquals(2, p.shots().size());
        assertEquals(ShotStart.after(p.shots().get(0).id()), p.shots().get(1).start());
        assertEquals("Continues Shot 1", TimelinePainter.startLabel(p, p.shots().get(1).start()));
        MenuItem undo = robot.lookup("#menu-bar").queryAs(MenuBar.class).getMenus().get(1).getItems().get(0);
        assertTrue(undo.getText().contains("Continue as New Shot"), undo.getText());
    }

    @Test
    void theKeysMoveThePlayheadAndEditTheChunks(FxRobot robot) {
        robot.clickOn("#prompt").write("a red circle");
        robot.clickOn("#add-chunk").clickOn("#add-chunk");
        robot.clickOn(onCanvas(window.timeline().clipCenter(0, 0).orElseThrow()));
        Transport t = window.transport();
        robot.type(KeyCode.RIGHT);
        assertEquals(1, t.frame());
        robot.push(KeyCode.SHIFT, KeyCode.RIGHT);
        assertEquals(25, t.frame());
        robot.type(KeyCode.END);
        assertEquals(3 * 24 - 1, t.frame());
        robot.type(KeyCode.HOME);
        assertEquals(0, t.frame());
        robot.type(KeyCode.L).type(KeyCode.L);
        assertEquals(2, t.rateProperty().get(), 0, "L again plays faster");
        robot.type(KeyCode.K);
        assertFalse(t.playing());
        robot.type(KeyCode.J);
        assertEquals(-1, t.rateProperty().get(), 0);
        robot.type(KeyCode.K);

        robot.interact(() -> t.seek(30));
        robot.type(KeyCode.S);
        assertEquals(2, window.session().project().shots().size(), "S: chunk 2 starts a new shot");
        assertEquals(List.of("a red circle", "a red circle", "a red circle"), labels());

        double zoom = window.timeline().pxPerFrame();
        robot.type(KeyCode.EQUALS);
        assertTrue(window.timeline().pxPerFrame() > zoom);
        robot.type(KeyCode.MINUS).type(KeyCode.MINUS);
        assertTrue(window.timeline().pxPerFrame() < zoom);

        robot.clickOn(onCanvas(window.timeline().clipCenter(0, 0).orElseThrow()));
        robot.type(KeyCode.DELETE);
        assertEquals(3, window.session().project().chunkCount(), "Delete clears, the slot stays");
        assertEquals("", chunk(0).prompt());
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        robot.push(KeyCode.SHIFT, KeyCode.DELETE);
        assertEquals(2, window.session().project().chunkCount(), "Shift+Delete removes the chunk");
        assertEquals("a red circle", chunk(0).prompt(), "the chunk that moved up keeps its words");
    }

    @Test
    void spacePlaysAt24FramesASecondEvenWithoutRenders(FxRobot robot) throws Exception {
        robot.clickOn("#add-chunk").clickOn("#add-chunk");
        robot.clickOn(onCanvas(window.timeline().clipCenter(0, 0).orElseThrow()));
        long start = System.nanoTime();
        robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.transport().frame() >= 12);
        robot.type(KeyCode.SPACE);
        double seconds = (System.nanoTime() - start) / 1e9;
        int frame = window.transport().frame();
        assertFalse(window.transport().playing());
        assertTrue(frame > 0 && frame <= Math.ceil(seconds * 24) + 1, "played " + frame + " frames in " + seconds + " s");
        assertEquals("Loading the model\u2026", robot.lookup("#preview-empty").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#preview-empty-state").query().isVisible());
    }

    @Test
    void aDroppedImageStartsAShotAndSomethingElseIsRefused(FxRobot robot) throws Exception {
        Path png = tmp.resolve("sunset.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", png.toFile());
        Path broken = Files.write(tmp.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1});
        Path text = Files.writeString(tmp.resolve("notes.txt"), "not a picture");
        Project before = window.session().project();
        robot.interact(() -> window.session().importAsShots(List.of(text), 1));
        assertEquals(before, window.session().project(), "nothing changed");
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains("notes.txt is not a PNG or JPEG image"), dialogs.errors.get(0));
        robot.interact(() -> window.session().importAsShots(List.of(broken), 1));
        assertEquals(before, window.session().project(), "a picture that cannot be decoded changes nothing");
        assertEquals(2, dialogs.errors.size());
        assertTrue(dialogs.errors.get(1).contains("broken.png"), dialogs.errors.get(1));
        assertTrue(Files.notExists(tmp.resolve("unsaved")) || window.session().media().isEmpty(), "and is not copied");

        robot.interact(() -> window.session().importAsShots(List.of(png), 1));
        assertEquals(2, window.session().project().shots().size());
        assertEquals(ShotStart.image("media/sunset.png"), window.session().project().shots().get(1).start());
        assertEquals(1, window.session().media().size(), "the copy is in the media bin");
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertEquals(before, window.session().project(), "one undo takes the shot back");

        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z);
        Path folder = tmp.resolve("With Media");
        dialogs.folders.add(folder);
        robot.push(KeyCode.CONTROL, KeyCode.S);
        assertTrue(Files.isRegularFile(folder.resolve("media/sunset.png")), "Save As brings the media along");
        assertEquals(List.of(), ProjectFolder.at(folder).missingMedia(ProjectFolder.at(folder).open()));
    }

    @Test
    void unsavedEditsAreNotLostToNewProject(FxRobot robot) {
        robot.clickOn("#prompt").write("keep me");
        dialogs.saveChoices.add(UserDialogs.SaveChoice.CANCEL);
        robot.push(KeyCode.CONTROL, KeyCode.N);
        assertEquals("keep me", chunk(0).prompt(), "Cancel keeps the project");

        Path folder = tmp.resolve("kept");
        dialogs.saveChoices.add(UserDialogs.SaveChoice.SAVE);
        dialogs.folders.add(folder);
        robot.push(KeyCode.CONTROL, KeyCode.N);
        assertEquals("", chunk(0).prompt(), "a new project after saving");
        assertEquals(2, dialogs.saveQuestions);
        assertTrue(Files.isRegularFile(folder.resolve("project.json")));
    }

    @Test
    void anAutosaveIsOfferedBackWhenOpening(FxRobot robot) throws Exception {
        Path folder = tmp.resolve("film");
        ProjectFolder f = ProjectFolder.at(folder);
        Project saved = new Project("Film", List.of(studio.magi.project.Shot.create(ShotStart.NOTHING,
                Chunk.create("a cyan square", 4))));
        f.save(saved);
        Files.setLastModifiedTime(f.projectFile(), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Project edited = saved.withName("Film, edited");
        f.autosave(edited);

        dialogs.recoverAutosave = true;
        robot.interact(() -> window.session().open(folder));
        assertEquals(List.of("Film"), dialogs.autosaveOffers);
        assertEquals(edited, window.session().project());
        assertTrue(window.session().edits().dirtyProperty().get(), "recovered edits are not saved yet");
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertEquals(saved, window.session().project(), "the recovery itself can be undone");
    }

    @Test
    void aDamagedProjectIsRefusedAndTheOpenProjectStays(FxRobot robot) throws Exception {
        robot.clickOn("#prompt").write("still here");
        Path folder = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(folder.resolve("project.json"), "{\"schemaVersion\": 1, \"name\": \"x\", \"sho");
        dialogs.saveChoices.add(UserDialogs.SaveChoice.DISCARD);
        robot.interact(() -> window.session().open(folder));
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains(folder.resolve("project.json").toString()), dialogs.errors.get(0));
        assertEquals("still here", chunk(0).prompt());
        assertEquals("{\"schemaVersion\": 1, \"name\": \"x\", \"sho", Files.readString(folder.resolve("project.json")));
    }

    @Test
    void withoutAModelNothingPretendsToRender(FxRobot robot) {
        Node empty = robot.lookup("#preview-empty-state").query();
        assertTrue(empty.isVisible());
        assertEquals("Loading the model\u2026", robot.lookup("#preview-empty").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#render").queryButton().isDisabled(), "no Render button that cannot work");
        assertEquals(0, robot.lookup("#render-queue-list").queryAs(ListView.class).getItems().size());
        double iconCentre = screenCentreX(robot.lookup(".preview-empty-icon").query());
        double messageCentre = screenCentreX(robot.lookup("#preview-empty .text").query());
        assertEquals(iconCentre, messageCentre, 2.0, "the message stands centred under the icon");
        robot.interact(() -> window.renders().unavailable("The model cannot render: ckpt/nano: no such checkpoint folder"));
        assertEquals("The model cannot render: ckpt/nano: no such checkpoint folder",
                robot.lookup("#preview-empty").queryAs(Label.class).getText());
        assertEquals("Shot 1 \u00b7 Chunk 1 \u00b7 Frame 1 / 24", robot.lookup("#preview-position").queryAs(Label.class).getText());
        robot.type(KeyCode.RIGHT);
        assertEquals("Shot 1 \u00b7 Chunk 1 \u00b7 Frame 2 / 24", robot.lookup("#preview-position").queryAs(Label.class).getText());
    }

    @Test
    void theRenderQueueMakesItsCellsWhileTheWindowOpensNotAtTheFirstRender(FxRobot robot) throws Exception {
        ListView<?> list = robot.lookup("#render-queue-list").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !robot.from(list).lookup(".list-cell").queryAll().isEmpty());
        assertEquals(0, list.getItems().size(), "and the line they were made for is gone");
        assertTrue(robot.lookup("#render-queue-list .placeholder").query().isVisible());
    }

    private static double screenCentreX(Node node) {
        Bounds b = node.localToScreen(node.getBoundsInLocal());
        return (b.getMinX() + b.getMaxX()) / 2;
    }

    private Chunk chunk(int index) {
        return window.session().project().shots().get(0).chunks().get(index);
    }

    private List<String> labels() {
        return window.timeline().visibleClips().stream().map(TimelineClip::label).toList();
    }

    private List<Boolean> carried() {
        return window.timeline().visibleClips().stream().map(TimelineClip::carried).toList();
    }

    private Point2D onCanvas(Point2D p) {
        return window.timeline().canvas().localToScreen(p);
    }
}
