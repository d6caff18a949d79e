package studio.magi.ui;

import java.util.Optional;
import java.util.UUID;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import studio.magi.project.Project;

/** The menu a right click on a clip opens: render or cancel its shot, add, duplicate, reseed, split, continue as a new shot, clear, delete. */
final class ClipMenu {
    private final ContextMenu menu = new ContextMenu();
    private final ProjectSession session;
    private final ChunkActions actions;

    ClipMenu(ProjectSession session, ChunkActions actions, Renders renders) {
        this.session = session;
        this.actions = actions;
        MenuItem renderShot = item("Render This Shot", () -> selectedShot().ifPresent(renders::renderShot));
        MenuItem cancelShot = item("Cancel This Shot's Renders", () -> selectedShot().ifPresent(renders::cancelShot));
        renderShot.disableProperty().bind(renders.readyProperty().not());
        cancelShot.disableProperty().bind(renders.readyProperty().not());
        menu.getItems().addAll(renderShot, cancelShot, new SeparatorMenuItem(),
                item("Add Chunk After", actions::addChunk),
                item("Duplicate Chunk", actions::duplicate),
                item("New Seed", actions::newSeed),
                new SeparatorMenuItem(),
                item("Start a New Shot Here", () -> {
                    actions.playheadToSelection();
                    actions.splitAtPlayhead();
                }),
                item("Continue as New Shot", actions::continueShot),
                new SeparatorMenuItem(),
                item("Clear Chunk (Delete)", actions::clear),
                item("Ripple Delete (Shift+Delete)", actions::rippleDelete));
    }

    void show(Node anchor, double screenX, double screenY) {
        menu.show(anchor, screenX, screenY);
    }

    void hide() {
        menu.hide();
    }

    private static MenuItem item(String text, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setOnAction(e -> action.run());
        return item;
    }

    private Optional<UUID> selectedShot() {
        UUID chunk = actions.selectedProperty().get();
        Project p = session.project();
        return chunk == null ? Optional.empty() : p.locate(chunk).map(at -> p.shots().get(at.shot()).id());
    }
}
