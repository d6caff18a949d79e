package studio.magi.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShotTest {
    @Test
    void anEmptyPromptCarriesThePreviousChunksPromptOn() {
        Shot shot = Films.shot(1, "", "a red circle", "  ", "turns blue", "");
        assertEquals(List.of("", "a red circle", "a red circle", "turns blue", "turns blue"), Films.effectivePrompts(shot));
        assertFalse(shot.carriesPrompt(0), "nothing before the first chunk to carry");
        assertFalse(shot.carriesPrompt(1));
        assertTrue(shot.carriesPrompt(2));
        assertTrue(shot.carriesPrompt(4));
    }

    @Test
    void framesMapToTheChunkShowingThem() {
        Project p = Films.twoShots();
        assertEquals(5 * 24, p.frames());
        assertEquals(Optional.of(new ChunkPosition(0, 0)), p.chunkAtFrame(0));
        assertEquals(Optional.of(new ChunkPosition(0, 1)), p.chunkAtFrame(24));
        assertEquals(Optional.of(new ChunkPosition(0, 3)), p.chunkAtFrame(4 * 24 - 1));
        assertEquals(Optional.of(new ChunkPosition(1, 0)), p.chunkAtFrame(4 * 24));
        assertEquals(Optional.empty(), p.chunkAtFrame(5 * 24));
        assertEquals(96, p.shotStartFrame(1));
    }

    @Test
    void valuesRefuseWhatCannotBeRendered() {
        assertThrows(IllegalArgumentException.class, () -> ShotSettings.DEFAULT.withSteps(5));
        assertThrows(IllegalArgumentException.class, () -> ShotSettings.DEFAULT.withWindow(5));
        assertThrows(IllegalArgumentException.class, () -> ShotSettings.DEFAULT.withCfgNumber(0));
        assertThrows(IllegalArgumentException.class, () -> ShotSettings.DEFAULT.withTextGuidance(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Films.shot(1));
        assertThrows(IllegalArgumentException.class, () -> new Project("x", List.of(Films.shot(1, "a"), Films.shot(1, "b"))));
        assertThrows(IllegalArgumentException.class, () -> ShotStart.image(" "));
    }

    @Test
    void aNewProjectIsOneShotOfOneEmptyChunk() {
        Project p = Project.untitled();
        assertEquals(1, p.shots().size());
        assertEquals(1, p.shots().get(0).chunks().size());
        assertEquals("", p.shots().get(0).chunks().get(0).prompt());
        assertEquals(ShotStart.NOTHING, p.shots().get(0).start());
    }
}
