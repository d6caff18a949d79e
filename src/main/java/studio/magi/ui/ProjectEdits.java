package studio.magi.ui;

import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import studio.magi.project.Project;
import studio.magi.project.edit.Command;
import studio.magi.project.edit.EditRefused;
import studio.magi.project.edit.History;

/**
 * The open project as a document: its undo history, the revision saved last (which makes the dirty flag), the edits
 * since the last autosave, and what the window shows of them: the project, Undo and Redo naming what they would undo,
 * and the title with a "*" while there are unsaved edits. Where the project lives on disk is {@link ProjectSession}'s.
 */
public final class ProjectEdits {
    private final ReadOnlyObjectWrapper<Project> project = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper("Undo");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper("Redo");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final Runnable changed;
    private History history;
    private long changesAutosaved;

    /** {@code changed} runs after every change, once the properties show it; {@link #start} gives the first project. */
    ProjectEdits(Runnable changed) {
        this.changed = changed;
    }

    /** Starts over on another project; {@code neverSaved}: its state is not on disk (a recovered autosave). */
    void start(Project p, boolean neverSaved) {
        History h = new History(p);
        if (neverSaved) {
            h.markSaved(History.NEVER_SAVED);
        }
        history = h;
        changesAutosaved = 0;
        h.addListener(this::refresh);
        refresh();
    }

    public ReadOnlyObjectProperty<Project> projectProperty() {
        return project.getReadOnlyProperty();
    }

    public Project project() {
        return project.get();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    /** "Undo Edit Prompt", or "Undo" when there is nothing to undo. */
    public ReadOnlyStringProperty undoTextProperty() {
        return undoText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty redoTextProperty() {
        return redoText.getReadOnlyProperty();
    }

    /** The window title: project name, a "*" while there are unsaved edits. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Applies an edit; one that does not apply changes nothing and says why. */
    Optional<String> execute(Command command) {
        try {
            history.execute(command);
            return Optional.empty();
        } catch (EditRefused e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Ends the current undo step (typing into one prompt is one step until the user moves on). */
    void seal() {
        history.seal();
    }

    void undo() {
        history.undo();
    }

    void redo() {
        history.redo();
    }

    boolean isDirty() {
        return history.isDirty();
    }

    /** Where the history is now: what a save started now writes. */
    long revision() {
        return history.revision();
    }

    /** The project as of {@code revision} is saved: it is clean there, and an autosave has nothing to add. */
    void saved(long revision) {
        history.markSaved(revision);
        changesAutosaved = history.changes();
    }

    /** Changes (edits, undos, redos) since the last save or autosave. */
    long sinceAutosave() {
        return history.changes() - changesAutosaved;
    }

    void autosaved() {
        changesAutosaved = history.changes();
    }

    private void refresh() {
        project.set(history.current());
        dirty.set(history.isDirty());
        canUndo.set(history.canUndo());
        canRedo.set(history.canRedo());
        undoText.set(history.undoDescription().map(d -> "Undo " + d).orElse("Undo"));
        redoText.set(history.redoDescription().map(d -> "Redo " + d).orElse("Redo"));
        title.set(history.current().name() + (history.isDirty() ? "*" : "") + " \u2014 MAGI Studio");
        changed.run();
    }
}
