package studio.magi.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorldTest {
    private final World world = World.standard();

    @Test
    void theWorldHasThePaletteShapesAndMotionsOfTheDesign() {
        assertEquals(List.of("black", "white", "gray"), List.copyOf(world.backgrounds().keySet()));
        assertEquals(List.of("red", "yellow", "green", "cyan", "blue", "magenta"), List.copyOf(world.colors().keySet()));
        assertEquals(List.of(Shape.CIRCLE, Shape.SQUARE, Shape.TRIANGLE), world.shapes());
        assertEquals(List.of(Motion.values()), world.motions());
        assertEquals(24, world.fps());
        assertEquals(24, world.chunkFrames());
    }

    @Test
    void everyCaptionWordIsInTheVocabulary() {
        Set<String> vocabulary = new HashSet<>(world.vocabulary());
        assertEquals(world.vocabulary().size(), vocabulary.size(), "no token twice");
        for (TruthScene s : Scenes.sampled(60, 3, Split.HELDOUT, 4)) {
            for (String caption : s.spec().captions()) {
                for (String word : caption.split(" ")) {
                    assertTrue(vocabulary.contains(word), "'" + word + "' of '" + caption + "'");
                }
            }
        }
    }

    @Test
    void theHeldOutSplitNamesOnlyThingsOfTheWorld() {
        HeldOut heldOut = HeldOut.standard();
        assertEquals(1, heldOut.version());
        for (HeldOut.Triple t : heldOut.triples()) {
            assertTrue(world.colors().containsKey(t.color()), t.toString());
        }
        for (HeldOut.Pair p : heldOut.pairs()) {
            assertTrue(world.backgrounds().containsKey(p.background()) && world.colors().containsKey(p.color()), p.toString());
        }
    }
}
