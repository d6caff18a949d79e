package studio.magi.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MotionFitTest {
    private static final double G = 1.2 / 24 / 24;
    private final MotionFit fit = new MotionFit(Scenes.WORLD, 64, 64);

    @Test
    void simpleTracksAreNamedByTheirPhysics() {
        assertEquals(Motion.STILL, fit.classify(constant(0.4), constant(0.6)));
        assertEquals(Motion.SLIDING_RIGHT, fit.classify(line(0.2, 0.01), constant(0.5)));
        assertEquals(Motion.SLIDING_LEFT, fit.classify(line(0.8, -0.01), constant(0.5)));
        assertEquals(Motion.RISING, fit.classify(constant(0.5), line(0.8, -0.008)));
        assertEquals(Motion.FALLING, fit.classify(constant(0.5), fall(0.2, 0)));
        assertEquals(Motion.BOUNCING, fit.classify(line(0.2, 0.01), fall(0.2, -0.01)), "a parabola with sideways speed");
    }

    @Test
    void aBounceOffTheFloorIsStillBouncing() {
        double[] ys = new double[24];
        double y = 0.5;
        double v = 0.02;
        double floor = 0.82;
        for (int i = 0; i < ys.length; i++) {
            ys[i] = y;
            v += G;
            y += v;
            if (y > floor) {
                y = floor - (y - floor);
                v = -Math.abs(v);
            }
        }
        assertEquals(Motion.BOUNCING, fit.classify(constant(0.5), ys));
    }

    @Test
    void jitterAndTeleportsAreNoMotionOfTheWorld() {
        Random random = new Random(3);
        double[] xs = line(0.2, 0.01);
        double[] ys = constant(0.5);
        for (int i = 0; i < xs.length; i++) {
            xs[i] += (random.nextDouble() - 0.5) * 0.1;
            ys[i] += (random.nextDouble() - 0.5) * 0.1;
        }
        assertNull(fit.classify(xs, ys));
        assertFalse(fit.plausible(Motion.SLIDING_RIGHT, xs, ys));
        double[] jump = line(0.2, 0.01);
        for (int i = 12; i < jump.length; i++) {
            jump[i] += 0.3;
        }
        assertFalse(fit.plausible(Motion.SLIDING_RIGHT, jump, constant(0.5)));
        assertTrue(fit.plausible(Motion.SLIDING_RIGHT, line(0.2, 0.01), constant(0.5)));
    }

    @Test
    void aTrackSeenInTooFewFramesIsNotJudged() {
        double[] xs = line(0.2, 0.01);
        for (int i = 0; i < 10; i++) {
            xs[2 * i] = Double.NaN;
        }
        assertNull(fit.classify(xs, constant(0.5)));
    }

    @Test
    void aBouncingObjectThatOnlyFallsSoFarIsPlausibleButNotNamedBouncing() {
        assertEquals(Motion.FALLING, fit.classify(constant(0.5), fall(0.2, 0)));
        assertTrue(fit.plausible(Motion.BOUNCING, constant(0.5), fall(0.2, 0)));
        assertFalse(fit.plausible(Motion.RISING, constant(0.5), fall(0.2, 0)));
    }

    private static double[] constant(double v) {
        double[] out = new double[24];
        Arrays.fill(out, v);
        return out;
    }

    private static double[] line(double start, double step) {
        double[] out = new double[24];
        for (int i = 0; i < out.length; i++) {
            out[i] = start + step * i;
        }
        return out;
    }

    /** Frame units, as the simulator steps: speed first, then position. */
    private static double[] fall(double start, double step) {
        double[] out = new double[24];
        double y = start;
        double v = step;
        for (int i = 0; i < out.length; i++) {
            out[i] = y;
            v += G;
            y += v;
        }
        return out;
    }
}
