package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import studio.magi.project.Project;
import studio.magi.project.edit.RenameProject;
import studio.magi.project.edit.SetSeed;

/** The document: undo and redo, the revision saved last as the dirty flag, and what the window shows of them. */
class ProjectEditsTest {
    private final AtomicInteger changes = new AtomicInteger();
    private final ProjectEdits edits = new ProjectEdits(changes::incrementAndGet);

    private SetSeed seed(long seed) {
        return new SetSeed(edits.project().shots().get(0).chunks().get(0).id(), seed);
    }

    @Test
    void anEditIsUndoneAndRedoneAndNamedInTheMenuAndTheTitle() {
        edits.start(Project.untitled(), false);
        assertEquals("Untitled \u2014 MAGI Studio", edits.titleProperty().get());
        assertFalse(edits.canUndoProperty().get());
        assertEquals("Undo", edits.undoTextProperty().get());

        assertEquals(Optional.empty(), edits.execute(new RenameProject("Rain")));
        assertEquals("Rain* \u2014 MAGI Studio", edits.titleProperty().get());
        assertEquals("Undo Rename Project", edits.undoTextProperty().get());
        assertTrue(edits.dirtyProperty().get());

        edits.undo();
        assertEquals(Project.UNTITLED, edits.project().name());
        assertFalse(edits.dirtyProperty().get(), "back at the revision saved");
        assertEquals("Redo Rename Project", edits.redoTextProperty().get());
        edits.redo();
        assertEquals("Rain", edits.project().name());
        assertTrue(changes.get() >= 4, "the owner hears of every change");
    }

    @Test
    void aRefusedEditChangesNothingAndSaysWhy() {
        edits.start(Project.untitled(), false);
        Project before = edits.project();
        assertEquals(Optional.of("A seed is a whole number from 0 up."), edits.execute(seed(-1)));
        assertEquals(before, edits.project());
        assertFalse(edits.canUndoProperty().get());
    }

    @Test
    void theRevisionSavedMakesTheDirtyFlagAndTheEditsSinceAutosaveCount() {
        edits.start(Project.untitled(), false);
        edits.execute(seed(1));
        long saved = edits.revision();
        edits.execute(seed(2));
        assertEquals(2, edits.sinceAutosave());
        edits.saved(saved);
        assertTrue(edits.isDirty(), "the second edit came after what was written");
        assertEquals(0, edits.sinceAutosave(), "a save is as good as an autosave");
        edits.undo();
        assertFalse(edits.isDirty());
        assertEquals(1, edits.sinceAutosave());
        edits.autosaved();
        assertEquals(0, edits.sinceAutosave());
    }

    @Test
    void aRecoveredProjectStartsDirtyAndAnotherStartsOver() {
        edits.start(Project.untitled().withName("Recovered"), true);
        assertTrue(edits.dirtyProperty().get(), "what an autosave held is not saved anywhere yet");
        assertFalse(edits.canUndoProperty().get());
        edits.execute(seed(5));
        edits.start(Project.untitled(), false);
        assertFalse(edits.dirtyProperty().get());
        assertFalse(edits.canUndoProperty().get(), "no undo into the project before");
    }
}
