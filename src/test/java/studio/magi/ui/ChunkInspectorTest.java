package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
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
import studio.magi.project.Chunk;
import studio.magi.project.ShotSettings;
import studio.magi.project.Take;
import studio.magi.project.edit.AddTakes;
import studio.magi.render.ChunkStatus;
import studio.magi.render.RenderBoard;

/** The chunk inspector in the real window (headless): seed, shot settings and takes, all undoable. */
@ExtendWith(ApplicationExtension.class)
class ChunkInspectorTest {
    @TempDir
    Path tmp;

    private StudioWindow window;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
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
    void theInspectorEditsSeedAndShotSettingsUndoably(FxRobot robot) {
        TextField seed = robot.lookup("#seed").queryAs(TextField.class);
        robot.doubleClickOn(seed).eraseText(seed.getText().length()).write("1234").type(KeyCode.ENTER);
        assertEquals(1234, chunk(0).seed());

        @SuppressWarnings("unchecked")
        ComboBox<Integer> steps = (ComboBox<Integer>) robot.lookup("#shot-settings .combo-box").query();
        robot.interact(() -> steps.getSelectionModel().select(Integer.valueOf(64)));
        assertEquals(64, window.session().project().shots().get(0).settings().steps());
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertEquals(8, window.session().project().shots().get(0).settings().steps());
        assertEquals(Integer.valueOf(8), steps.getValue(), "the sheet shows the undone value");

        @SuppressWarnings("unchecked")
        Spinner<Double> textGuidance = (Spinner<Double>) robot.lookup("#shot-settings .spinner").query();
        robot.interact(() -> robot.lookup("#inspector").queryAs(ScrollPane.class).setVvalue(1));
        robot.clickOn(textGuidance.getEditor()).push(KeyCode.CONTROL, KeyCode.A).write("5").type(KeyCode.ENTER);
        assertEquals(5.0, window.session().project().shots().get(0).settings().textGuidance());
        robot.push(KeyCode.CONTROL, KeyCode.A).write("lots").type(KeyCode.ENTER);
        assertEquals(5.0, window.session().project().shots().get(0).settings().textGuidance(), "no number, no change");
        robot.push(KeyCode.CONTROL, KeyCode.A).write("99").type(KeyCode.ENTER);
        assertEquals(ShotSettings.MAX_TEXT_GUIDANCE, window.session().project().shots().get(0).settings().textGuidance());
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertEquals(7.5, window.session().project().shots().get(0).settings().textGuidance(), "one step for the visit");
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertTrue(chunk(0).seed() != 1234);
    }

    @Test
    void takesAreListedKeptWithOneClickAndNotRedrawnForOtherChunksRenders(FxRobot robot) {
        Chunk first = chunk(0);
        robot.interact(() -> window.session().execute(new AddTakes(first.id(),
                List.of(new Take(first.seed(), "key-a"), new Take(77, "key-b")))));
        @SuppressWarnings("unchecked")
        List<ListCell<Take>> cells = robot.lookup("#takes .list-cell").queryAllAs(ListCell.class).stream()
                .map(c -> (ListCell<Take>) c).filter(c -> c.getItem() != null)
                .sorted(java.util.Comparator.comparingInt(ListCell::getIndex)).toList();
        assertEquals(2, cells.size());
        Node secondRow = cells.get(1).getGraphic();

        window.renders().listener().changed(new RenderBoard(Map.of(), Map.of(),
                Map.of(first.id(), ChunkStatus.rendering(1, 8)), Map.of(), List.of(), true, ""));
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(secondRow, cells.get(1).getGraphic(), "a render step of the chunk changes none of its takes");

        robot.clickOn(cells.get(1).lookup(".button"));
        assertEquals(1, chunk(0).chosenTake());
        assertEquals(77, chunk(0).seed(), "the chunk plays the take kept");
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        assertEquals(0, chunk(0).chosenTake());
        assertTrue(chunk(0).seed() != 77);
    }

    private Chunk chunk(int index) {
        return window.session().project().shots().get(0).chunks().get(index);
    }
}
