package studio.magi.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.magi.media.Frame;

class MotionMasksTest {
    private final Renderer renderer = new Renderer(Scenes.WORLD);

    @Test
    void theFirstFrameAndAStillSceneShowNoMotion() {
        Frame f = renderer.render(new FrameState("black", List.of(new BodyState(Shape.SQUARE, "red", 0.2, 0.5, 0.5))), 64, 64);
        MotionMasks masks = MotionMasks.of(Collections.nCopies(10, f));
        for (int i = 0; i < masks.size(); i++) {
            assertEquals(0, count(masks.mask(i)), "frame " + i);
        }
    }

    @Test
    void aMovingSquareMarksWhereItIsAndWhereItWas() {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            frames.add(renderer.render(new FrameState("black", List.of(new BodyState(Shape.SQUARE, "red", 0.15, 0.3 + 0.03 * i, 0.5))), 64, 64));
        }
        MotionMasks masks = MotionMasks.of(frames);
        assertEquals(0, count(masks.mask(0)));
        boolean[] last = masks.mask(7);
        assertTrue(count(last) > 20);
        int x = (int) ((0.3 + 0.03 * 7 + 0.15) * 64) - 2;
        assertTrue(last[32 * 64 + x], "the leading edge moved");
        assertFalse(last[32 * 64 + 2], "far away nothing moved");
        assertFalse(last[2 * 64 + 32]);
    }

    @Test
    void specksSmallerThanTheOpeningVanish() {
        Frame black = Frame.filled(32, 32, 0, 0, 0);
        byte[] speck = black.bytes();
        int p = (16 * 32 + 16) * 3;
        speck[p] = speck[p + 1] = speck[p + 2] = (byte) 255;
        MotionMasks masks = MotionMasks.of(List.of(black, Frame.of(32, 32, speck), black));
        assertEquals(0, count(masks.mask(1)));
        assertEquals(0, count(masks.mask(2)));
    }

    private static int count(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
