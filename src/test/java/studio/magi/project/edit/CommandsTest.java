package studio.magi.project.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.magi.project.Films.effectivePrompts;
import static studio.magi.project.Films.id;
import static studio.magi.project.Films.prompts;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import studio.magi.project.Chunk;
import studio.magi.project.Films;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.project.Take;

class CommandsTest {
    /** Chunk ids of Films.twoShots(): shot 1 holds 11..14, shot 2 holds 21. */
    static Stream<Arguments> everyCommand() {
        return Stream.of(
                edit(new RenameProject("Rain"), p -> assertEquals("Rain", p.name())),
                edit(new AddShot(1, Films.shot(3, "a blue triangle")), p ->
                        assertEquals(List.of(id(1), id(3), id(2)), p.shots().stream().map(Shot::id).toList())),
                edit(new RemoveShot(id(1)), p -> assertEquals(List.of(id(2)), p.shots().stream().map(Shot::id).toList())),
                edit(new AddChunk(id(2), 1, Films.chunk(22, "")), p ->
                        assertEquals(List.of("a green square sliding right", "a green square sliding right"),
                                effectivePrompts(p.shots().get(1)))),
                edit(new DuplicateChunk(id(13), id(99)), p -> {
                    Shot s = p.shots().get(0);
                    assertEquals(List.of(id(11), id(12), id(13), id(99), id(14)), s.chunks().stream().map(Chunk::id).toList());
                    assertEquals(s.chunks().get(2).seed(), s.chunks().get(3).seed());
                    assertEquals("the circle turns blue", s.chunks().get(3).prompt());
                }),
                edit(new SplitShot(id(12), id(5)), p -> {
                    assertEquals(3, p.shots().size());
                    assertEquals(List.of("a red circle bouncing"), prompts(p.shots().get(0)));
                    assertEquals(id(5), p.shots().get(1).id());
                    assertEquals(List.of("a red circle bouncing", "the circle turns blue", ""), prompts(p.shots().get(1)),
                            "the new shot's first chunk keeps the prompt it carried");
                }),
                edit(new ClearChunk(id(13)), p -> {
                    assertEquals(4, p.shots().get(0).chunks().size(), "the slot stays");
                    assertEquals(List.of("a red circle bouncing", "a red circle bouncing", "a red circle bouncing",
                            "a red circle bouncing"), effectivePrompts(p.shots().get(0)));
                }),
                edit(new RippleDeleteChunk(id(13)), p -> assertEquals(
                        List.of("a red circle bouncing", "", "the circle turns blue"), prompts(p.shots().get(0)),
                        "the gap closes and the chunk after keeps saying what it said")),
                edit(new RippleDeleteChunk(id(21)), p -> assertEquals(1, p.shots().size(), "a shot's last chunk takes the shot")),
                edit(new MoveChunk(id(11), id(1), 4), p -> {
                    assertEquals(List.of(id(12), id(13), id(14), id(11)), p.shots().get(0).chunks().stream().map(Chunk::id).toList());
                    assertEquals(List.of("a red circle bouncing", "the circle turns blue", "the circle turns blue",
                            "a red circle bouncing"), effectivePrompts(p.shots().get(0)), "every clip keeps its words");
                }),
                edit(new MoveChunk(id(21), id(1), 0), p -> {
                    assertEquals(1, p.shots().size(), "the emptied shot goes");
                    assertEquals(id(21), p.shots().get(0).chunks().get(0).id());
                }),
                edit(new SetPrompt(id(12), "it bounces higher"), p ->
                        assertEquals("it bounces higher", p.shots().get(0).chunks().get(1).prompt())),
                edit(new SetSeed(id(12), 7), p -> assertEquals(7, p.shots().get(0).chunks().get(1).seed())),
                edit(new ChangeShotSettings(id(2), Films.shot(2, "x").settings().withSteps(64).withWindow(2)), p ->
                        assertEquals(64, p.shots().get(1).settings().steps())),
                edit(new CompositeCommand("Two Edits", List.of(new SetSeed(id(11), 1), new SetPrompt(id(14), "fade"))), p -> {
                    assertEquals(1, p.shots().get(0).chunks().get(0).seed());
                    assertEquals("fade", p.shots().get(0).chunks().get(3).prompt());
                }),
                edit(new ReplaceProject(Project.untitled(), "Recover Autosave"), p -> assertEquals(Project.UNTITLED, p.name())));
    }

    private static Arguments edit(Command command, Consumer<Project> expectAfter) {
        return Arguments.of(command.description(), command, expectAfter);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCommand")
    void undoAndRedoRestoreTheExactStates(String name, Command command, Consumer<Project> expectAfter) {
        Project before = Films.twoShots();
        History history = new History(before);
        history.execute(command);
        Project after = history.current();
        assertNotEquals(before, after);
        expectAfter.accept(after);
        assertEquals(name, history.undoDescription().orElseThrow());

        history.undo();
        assertEquals(before, history.current());
        assertFalse(history.isDirty(), "back at the saved state");
        assertEquals(name, history.redoDescription().orElseThrow());

        history.redo();
        assertEquals(after, history.current());
        assertTrue(history.isDirty());
    }

    @Test
    void choosingATakeIsUndoable() {
        Chunk rendered = new Chunk(id(11), "a red circle", 5, List.of(new Take(5, "k5"), new Take(6, "k6")), 0);
        Project before = new Project("Takes", List.of(new Shot(id(1), ShotStart.NOTHING,
                Films.shot(1, "x").settings(), List.of(rendered))));
        History history = new History(before);
        history.execute(new ChooseTake(id(11), 1));
        assertEquals(new Take(6, "k6"), history.current().shots().get(0).chunks().get(0).chosen().orElseThrow());
        history.undo();
        assertEquals(before, history.current());
        assertThrows(EditRefused.class, () -> history.execute(new ChooseTake(id(11), 2)));
    }

    @Test
    void editsThatDoNotApplyAreRefusedAndChangeNothing() {
        History history = new History(Films.twoShots());
        assertThrows(EditRefused.class, () -> history.execute(new SplitShot(id(11), id(5))), "a shot's first chunk");
        assertThrows(EditRefused.class, () -> history.execute(new SetPrompt(id(77), "x")), "a chunk that is gone");
        assertThrows(EditRefused.class, () -> history.execute(new AddChunk(id(1), 9, Films.chunk(50, ""))));
        assertThrows(EditRefused.class, () -> history.execute(new RenameProject(" ")));
        assertThrows(EditRefused.class, () -> history.execute(new CompositeCommand("Half", List.of(
                new SetSeed(id(11), 3), new RemoveShot(id(9))))), "a composite applies all or nothing");
        assertEquals(Films.twoShots(), history.current());
        assertFalse(history.canUndo());
    }

    @Test
    void movingAChunkOntoItsOwnPlaceChangesNothing() {
        History history = new History(Films.twoShots());
        history.execute(new MoveChunk(id(12), id(1), 1));
        history.execute(new MoveChunk(id(12), id(1), 2));
        assertFalse(history.canUndo());
    }

    @Test
    void movingAChunkForwardLandsInTheGapPointedAt() {
        History history = new History(Films.twoShots());
        history.execute(new MoveChunk(id(11), id(1), 2));
        assertEquals(List.of(id(12), id(11), id(13), id(14)),
                history.current().shots().get(0).chunks().stream().map(Chunk::id).toList());
    }
}
