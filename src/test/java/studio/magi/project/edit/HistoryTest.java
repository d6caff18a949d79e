package studio.magi.project.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.magi.project.Films.id;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import studio.magi.project.Films;
import studio.magi.project.Project;

class HistoryTest {
    @Test
    void theRevisionDrivesTheDirtyFlag() {
        History h = new History(Films.twoShots());
        assertFalse(h.isDirty());
        long start = h.revision();
        h.execute(new SetSeed(id(11), 1));
        long one = h.revision();
        assertNotEquals(start, one);
        assertTrue(h.isDirty());
        h.markSaved(one);
        assertFalse(h.isDirty());
        h.execute(new SetSeed(id(11), 2));
        assertTrue(h.isDirty());
        h.undo();
        assertEquals(one, h.revision());
        assertFalse(h.isDirty(), "undoing back to what was saved is clean again");
        h.undo();
        assertTrue(h.isDirty(), "before the save is not what the file holds");
        h.redo();
        assertFalse(h.isDirty());
    }

    @Test
    void aNewEditAfterUndoGetsARevisionOfItsOwnAndDropsTheRedos() {
        History h = new History(Films.twoShots());
        h.execute(new SetSeed(id(11), 1));
        long saved = h.revision();
        h.markSaved(saved);
        h.undo();
        h.execute(new SetSeed(id(11), 2));
        assertFalse(h.canRedo());
        assertNotEquals(saved, h.revision());
        assertTrue(h.isDirty());
        assertEquals(2, h.current().shots().get(0).chunks().get(0).seed());
    }

    @Test
    void savingAStateOtherThanTheCurrentOneLeavesTheProjectDirty() {
        History h = new History(Films.twoShots());
        h.execute(new SetSeed(id(11), 1));
        long captured = h.revision();
        h.execute(new SetSeed(id(11), 2));
        h.markSaved(captured);
        assertTrue(h.isDirty(), "an edit made while the save was writing is not in the file");
    }

    @Test
    void typingIntoOnePromptIsOneStepUntilSealed() {
        History h = new History(Films.twoShots());
        h.execute(new SetPrompt(id(12), "b"));
        h.execute(new SetPrompt(id(12), "bl"));
        h.execute(new SetPrompt(id(12), "blue"));
        h.seal();
        h.execute(new SetPrompt(id(12), "blue!"));
        h.undo();
        assertEquals("blue", h.current().shots().get(0).chunks().get(1).prompt());
        h.undo();
        assertEquals(Films.twoShots(), h.current());
        assertFalse(h.canUndo());
    }

    @Test
    void typingIntoAnotherPromptIsANewStep() {
        History h = new History(Films.twoShots());
        h.execute(new SetPrompt(id(12), "b"));
        h.execute(new SetPrompt(id(14), "c"));
        h.undo();
        assertEquals("b", h.current().shots().get(0).chunks().get(1).prompt());
    }

    @Test
    void typingBackToTheOriginalTextLeavesNothingToUndo() {
        History h = new History(Films.twoShots());
        h.execute(new SetPrompt(id(12), "x"));
        h.execute(new SetPrompt(id(12), ""));
        assertFalse(h.canUndo());
        assertFalse(h.isDirty());
    }

    @Test
    void aCompositeUndoesAsOneStep() {
        History h = new History(Films.twoShots());
        h.execute(new CompositeCommand("Add Three Chunks", List.of(
                new AddChunk(id(2), 1, Films.chunk(22, "")),
                new AddChunk(id(2), 2, Films.chunk(23, "")),
                new AddChunk(id(2), 3, Films.chunk(24, "")))));
        assertEquals(4, h.current().shots().get(1).chunks().size());
        assertEquals(Optional.of("Add Three Chunks"), h.undoDescription());
        h.undo();
        assertEquals(Films.twoShots(), h.current());
        assertFalse(h.canUndo());
    }

    @Test
    void anEditThatChangesNothingIsNotAStep() {
        History h = new History(Films.twoShots());
        h.execute(new SetSeed(id(11), 1011));
        h.execute(new RenameProject("Bounce"));
        assertFalse(h.canUndo());
        assertEquals(0, h.changes());
    }

    @Test
    void listenersHearEveryChange() {
        History h = new History(Project.untitled());
        int[] heard = {0};
        h.addListener(() -> heard[0]++);
        h.execute(new RenameProject("A"));
        h.undo();
        h.redo();
        h.markSaved(h.revision());
        assertEquals(4, heard[0]);
        assertEquals(3, h.changes());
    }

    @Test
    void theOldestStepsGoBeyondTheDepth() {
        History h = new History(Films.twoShots());
        for (int i = 0; i < History.DEPTH + 5; i++) {
            h.execute(new SetSeed(id(11), i + 1));
        }
        int undos = 0;
        while (h.canUndo()) {
            h.undo();
            undos++;
        }
        assertEquals(History.DEPTH, undos);
        assertEquals(5, h.current().shots().get(0).chunks().get(0).seed(), "the state before the oldest kept step");
    }
}
