package studio.magi.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SceneSamplerTest {
    private final HeldOut heldOut = HeldOut.standard();

    @Test
    void heldOutScenesStartWithAHeldOutCombination() {
        for (TruthScene s : Scenes.sampled(80, 1, Split.HELDOUT, 4)) {
            assertTrue(heldOut.chunksShowing(Scenes.simulate(s.spec())).contains(0), s.spec().toJson());
        }
    }

    @Test
    void trainingScenesNeverShowOne() {
        for (TruthScene s : Scenes.sampled(80, 2, Split.TRAIN, 4)) {
            assertTrue(heldOut.chunksShowing(Scenes.simulate(s.spec())).isEmpty(), s.spec().toJson());
        }
    }

    @Test
    void everyChunksCaptionHoldsForAllItsFrames() {
        for (TruthScene s : Scenes.sampled(80, 3, Split.HELDOUT, 5)) {
            Simulation sim = Scenes.simulate(s.spec());
            assertTrue(sim.chunks().stream().allMatch(ChunkState::clean), s.spec().toJson());
            assertEquals(Captions.of(sim), s.spec().captions());
        }
    }

    @Test
    void everyHeldOutCombinationIsDrawn() {
        Set<Object> seen = new HashSet<>();
        for (TruthScene s : Scenes.sampled(150, 4, Split.HELDOUT, 2)) {
            ChunkState first = Scenes.simulate(s.spec()).chunks().get(0);
            for (ObjectState o : first.objects()) {
                seen.add(new HeldOut.Triple(o.color(), o.shape(), o.label()));
                seen.add(new HeldOut.Pair(first.background(), o.color()));
            }
        }
        assertTrue(seen.containsAll(heldOut.triples()), "triples");
        assertTrue(seen.containsAll(heldOut.pairs()), "pairs");
    }

    @Test
    void theSameSeedGivesTheSameScenesAndAnotherSeedOthers() {
        List<TruthScene> a = Scenes.sampled(10, 7, Split.HELDOUT, 3);
        assertEquals(a, Scenes.sampled(10, 7, Split.HELDOUT, 3));
        assertNotEquals(a, Scenes.sampled(10, 8, Split.HELDOUT, 3));
    }

    @Test
    void scenesHaveOneOrTwoObjectsEventsAndEveryMotion() {
        Set<Motion> motions = new HashSet<>();
        int pairs = 0;
        int events = 0;
        for (TruthScene s : Scenes.sampled(100, 5, Split.TRAIN, 4)) {
            pairs += s.spec().objects().size() == 2 ? 1 : 0;
            events += s.spec().events().size();
            Scenes.simulate(s.spec()).chunks().forEach(c -> c.objects().forEach(o -> motions.add(o.label())));
        }
        assertTrue(pairs > 5, "some scenes hold two objects: " + pairs);
        assertTrue(events > 50, "events are common: " + events);
        assertEquals(Set.of(Motion.values()), motions);
    }
}
