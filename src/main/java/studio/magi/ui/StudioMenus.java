package studio.magi.ui;

import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Alert;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;
import studio.magi.about.Version;
import studio.magi.render.FilmExport;

/**
 * The menu bar. Ctrl shortcuts show beside their items; the keys themselves are handled by {@link Shortcuts}, so that
 * single keys (S, Delete, Space) never fire while a prompt is being typed.
 */
final class StudioMenus {
    private final StudioCommands commands;
    private final Menu recent = new Menu("Open Recent");

    StudioMenus(StudioCommands commands) {
        this.commands = commands;
    }

    MenuBar build(Consumer<String> showShortcuts) {
        ProjectSession session = commands.session();
        ChunkActions actions = commands.actions();
        Transport t = commands.transport();

        recent.setId("menu-recent");
        session.recentProjects().addListener((ListChangeListener<Path>) c -> fillRecent());
        fillRecent();
        Menu file = new Menu("File", null,
                item("New Project", "Shortcut+N", commands::newProject),
                item("Open\u2026", "Shortcut+O", commands::open),
                recent,
                new SeparatorMenuItem(),
                item("Save", "Shortcut+S", commands::save),
                item("Save As\u2026", "Shortcut+Shift+S", commands::saveAs),
                new SeparatorMenuItem(),
                item("Import Media\u2026", null, session::importMedia),
                exportItem("Export MP4\u2026", "Shortcut+E", FilmExport.Format.MP4),
                exportItem("Export PNG Sequence\u2026", null, FilmExport.Format.PNG),
                exportItem("Export OpenTimelineIO\u2026", null, FilmExport.Format.OTIO),
                new SeparatorMenuItem(),
                item("Preferences\u2026", null, commands::preferences),
                item("Rename Project\u2026", null, session::rename),
                new SeparatorMenuItem(),
                item("Quit", "Shortcut+Q", commands::quit));

        MenuItem undo = item("Undo", "Shortcut+Z", commands::undo);
        undo.setId("menu-undo");
        undo.textProperty().bind(session.edits().undoTextProperty());
        undo.disableProperty().bind(session.edits().canUndoProperty().not());
        MenuItem redo = item("Redo", "Shortcut+Shift+Z", commands::redo);
        redo.setId("menu-redo");
        redo.textProperty().bind(session.edits().redoTextProperty());
        redo.disableProperty().bind(session.edits().canRedoProperty().not());
        Menu edit = new Menu("Edit", null, undo, redo);

        Menu chunk = new Menu("Chunk", null,
                item("Add Chunk", null, actions::addChunk),
                item("Duplicate Chunk", "Shortcut+D", actions::duplicate),
                item("New Seed", null, actions::newSeed),
                new SeparatorMenuItem(),
                item("Split Shot at Playhead (S)", null, actions::splitAtPlayhead),
                new SeparatorMenuItem(),
                item("Clear Chunk (Delete)", null, actions::clear),
                item("Ripple Delete (Shift+Delete)", null, actions::rippleDelete),
                new SeparatorMenuItem(),
                item("Add Shot", null, actions::addShot),
                item("Remove Shot", null, actions::removeShot));
        chunk.setId("menu-chunk");

        MenuItem renderAll = item("Render", "Shortcut+R", commands::render);
        renderAll.setId("menu-render");
        renderAll.disableProperty().bind(commands.renders().readyProperty().not());
        MenuItem cancel = item("Cancel All Renders", "Shortcut+Period", commands::cancelRenders);
        cancel.setId("menu-cancel-renders");
        Menu render = new Menu("Render", null, renderAll, cancel);

        Menu view = new Menu("View", null,
                item("Zoom In (=)", null, () -> commands.zoom(true)),
                item("Zoom Out (\u2212)", null, () -> commands.zoom(false)));

        Menu playback = new Menu("Playback", null,
                item("Play / Pause (Space)", null, t::playPause),
                item("Play Backward (J)", null, t::reverse),
                item("Stop (K)", null, t::stop),
                item("Play Forward, Faster Again (L)", null, t::forward),
                new SeparatorMenuItem(),
                item("To Start (Home)", null, t::toStart),
                item("To End (End)", null, t::toEnd));

        Menu help = new Menu("Help", null,
                item("Keyboard Shortcuts", null, () -> showShortcuts.accept(KEYS)),
                item("About MAGI Studio", null, () -> {
                    Alert about = new Alert(Alert.AlertType.INFORMATION, "MAGI Studio " + Version.current()
                            + "\nChunk-wise autoregressive video authoring: every second of the film has its own prompt."
                            + "\n\nEngine: " + String.join("\n", commands.renders().engineDiagnostics()));
                    about.setHeaderText("MAGI Studio");
                    about.showAndWait();
                }));
        MenuBar bar = new MenuBar(file, edit, chunk, render, view, playback, help);
        bar.setId("menu-bar");
        return bar;
    }

    static final String KEYS = String.join("\n",
            "Space\tplay / pause",
            "J / K / L\tplay backward / stop / play forward (L again: faster)",
            "\u2190 / \u2192\tone frame",
            "Shift+\u2190 / \u2192\tone second",
            "Home / End\tstart / end of the film",
            "S\tsplit: the chunk under the playhead starts a new shot",
            "Delete\tclear the selected chunk (its slot stays)",
            "Shift+Delete\tripple delete (the chunks after it move up)",
            "= / \u2212\tzoom the timeline in / out",
            "Ctrl+Z\tundo",
            "Ctrl+Shift+Z, Ctrl+Y\tredo",
            "Ctrl+D\tduplicate the selected chunk",
            "Ctrl+R\trender what is not rendered (the shot under the playhead first)",
            "Ctrl+.\tcancel all renders",
            "Ctrl+N / Ctrl+O\tnew / open project",
            "Ctrl+S / Ctrl+Shift+S\tsave / save as",
            "Ctrl+E\texport an MP4",
            "Escape\tleave the prompt, back to the timeline");

    private void fillRecent() {
        ProjectSession session = commands.session();
        recent.getItems().clear();
        for (Path p : session.recentProjects()) {
            MenuItem i = new MenuItem(p.getFileName() + "  \u2014  " + p);
            i.setMnemonicParsing(false);
            i.setOnAction(e -> {
                commands.transport().stop();
                session.open(p);
            });
            recent.getItems().add(i);
        }
        if (recent.getItems().isEmpty()) {
            MenuItem none = new MenuItem("No recent projects");
            none.setDisable(true);
            recent.getItems().add(none);
        } else {
            recent.getItems().addAll(new SeparatorMenuItem(), item("Clear Recent", null, session::clearRecent));
        }
    }

    private MenuItem exportItem(String text, String accelerator, FilmExport.Format format) {
        MenuItem i = item(text, accelerator, () -> commands.export(format));
        i.setId("menu-export-" + format.word());
        i.disableProperty().bind(commands.renders().readyProperty().not());
        return i;
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem i = new MenuItem(text);
        i.setMnemonicParsing(false);
        if (accelerator != null) {
            i.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        i.setOnAction(e -> action.run());
        return i;
    }
}
