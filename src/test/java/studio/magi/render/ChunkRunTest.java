package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import studio.magi.project.ShotSettings;
import studio.magi.project.ShotStart;

/** What a render target is handed: a run is whole or refused. */
class ChunkRunTest {
    private static final UUID SHOT = UUID.randomUUID();

    private static ChunkRun.PlannedChunk chunk(int index) {
        return new ChunkRun.PlannedChunk(UUID.randomUUID(), index, "key" + index, "a prompt", 7 + index);
    }

    private static ChunkRun run(List<ChunkRun.PlannedChunk> chunks, List<String> history, int remaining) {
        return new ChunkRun(1, SHOT, false, chunks, ShotSettings.DEFAULT, ShotStart.Kind.NOTHING, null, List.of(), history,
                remaining);
    }

    @Test
    void aRunStartsAtItsFirstChunkAndKnowsItsKeysInOrder() {
        ChunkRun r = run(List.of(chunk(2), chunk(3)), List.of("key0", "key1"), 3);
        assertEquals(2, r.from());
        assertEquals(List.of("key2", "key3"), r.keys());
    }

    @Test
    void aRunThatIsNotWholeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> run(List.of(), List.of(), 1), "no chunks");
        assertThrows(IllegalArgumentException.class, () -> run(List.of(chunk(2)), List.of("key0"), 1),
                "chunk 3 continues two chunks");
        assertThrows(IllegalArgumentException.class, () -> run(List.of(chunk(0), chunk(1)), List.of(), 1),
                "fewer remaining than it renders");
        assertThrows(IllegalArgumentException.class, () -> new ChunkRun(1, SHOT, false, List.of(chunk(0)),
                ShotSettings.DEFAULT, ShotStart.Kind.IMAGE, null, List.of(), List.of(), 1), "a picture start needs its file");
        assertThrows(IllegalArgumentException.class, () -> new ChunkRun(1, SHOT, false, List.of(chunk(0)),
                ShotSettings.DEFAULT, ShotStart.Kind.NOTHING, Path.of("a.png"), List.of(), List.of(), 1),
                "nothing has no file");
        assertThrows(IllegalArgumentException.class, () -> new ChunkRun(1, SHOT, false, List.of(chunk(0)),
                ShotSettings.DEFAULT, ShotStart.Kind.SHOT, null, List.of(), List.of(), 1),
                "a shot that continues another names its chunks");
        assertThrows(IllegalArgumentException.class, () -> new ChunkRun(1, SHOT, true, List.of(chunk(0), chunk(1)),
                ShotSettings.DEFAULT, ShotStart.Kind.NOTHING, null, List.of(), List.of(), 2), "a take is one chunk");
    }
}
