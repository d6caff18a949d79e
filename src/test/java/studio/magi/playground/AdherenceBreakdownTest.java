package studio.magi.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdherenceBreakdownTest {
    private static ObjectVerdict object(String color, Shape shape, Motion motion, boolean colorRight, boolean shapeRight,
            boolean motionRight) {
        return new ObjectVerdict(new ObjectState(shape, color, "small", motion), colorRight, shapeRight, motionRight);
    }

    private final List<ChunkVerdict> chunks = List.of(
            new ChunkVerdict("black", List.of(object("red", Shape.CIRCLE, Motion.SLIDING_RIGHT, true, true, true)), true),
            new ChunkVerdict("black", List.of(object("blue", Shape.SQUARE, Motion.STILL, false, true, true)), false),
            new ChunkVerdict("white", List.of(object("red", Shape.CIRCLE, Motion.SLIDING_RIGHT, true, true, false),
                    object("red", Shape.TRIANGLE, Motion.RISING, true, false, true)), false),
            new ChunkVerdict("white", List.of(object("cyan", Shape.SQUARE, Motion.SLIDING_RIGHT, true, true, true)), true));

    private final AdherenceBreakdown breakdown = AdherenceBreakdown.of(chunks, HeldOut.standard());

    @Test
    void aChunkCountsOnceUnderEachValueItAsksAndEachObjectUnderItsOwn() {
        AdherenceBreakdown.Group red = breakdown.values(AdherenceBreakdown.COLOR).get("red");
        assertEquals(2, red.chunks(), "two chunks ask for red, one of them twice");
        assertEquals(1, red.adherent());
        assertEquals(3, red.objects());
        assertEquals(1.0, red.colorRight());
        assertEquals(2.0 / 3, red.shapeRight(), 1e-12);
        AdherenceBreakdown.Group right = breakdown.values(AdherenceBreakdown.MOTION).get("sliding right");
        assertEquals(3, right.chunks());
        assertEquals(2.0 / 3, right.adherence(), 1e-12);
        assertEquals(2.0 / 3, right.motionRight(), 1e-12);
        AdherenceBreakdown.Group black = breakdown.values(AdherenceBreakdown.BACKGROUND).get("black");
        assertEquals(2, black.chunks());
        assertEquals(0.5, black.colorRight());
        assertEquals(List.of("black", "white"), List.copyOf(breakdown.values(AdherenceBreakdown.BACKGROUND).keySet()));
    }

    @Test
    void chunksOfOneAndOfTwoObjectsAreCountedApart() {
        var byCount = breakdown.values(AdherenceBreakdown.OBJECTS);
        assertEquals(3, byCount.get("1").chunks());
        assertEquals(2.0 / 3, byCount.get("1").adherence(), 1e-12);
        assertEquals(1, byCount.get("2").chunks());
        assertEquals(2, byCount.get("2").objects());
    }

    @Test
    void heldOutCombinationsAreToldApartByKind() {
        var held = breakdown.values(AdherenceBreakdown.HELD_OUT);
        assertEquals(1, held.get("background_color").chunks(), "blue on black is a held-out pair");
        assertEquals(0.0, held.get("background_color").colorRight());
        assertEquals(1, held.get("color_shape_motion").chunks(), "the cyan square sliding right is a held-out triple");
        assertEquals(1.0, held.get("color_shape_motion").adherence());
        assertEquals(2, held.get("none").chunks());
        assertEquals(3, held.get("none").objects());
    }

    @Test
    void aValueNobodyAskedForHasNoGroup() {
        assertNull(breakdown.values(AdherenceBreakdown.COLOR).get("magenta"));
        assertEquals(4, breakdown.values(AdherenceBreakdown.BACKGROUND).values().stream().mapToInt(AdherenceBreakdown.Group::chunks).sum());
    }
}
