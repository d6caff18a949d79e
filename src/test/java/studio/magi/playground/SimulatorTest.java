package studio.magi.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {
    @Test
    void aFallingObjectLandsOnTheFloorAndStays() {
        Simulation s = Scenes.simulate(Scenes.scene(2, "black", List.of(Scenes.object(Shape.SQUARE, "red", 0.5, 0.3, 0, 0, Motion.FALLING))));
        BodyState last = s.frames().get(47).bodies().get(0);
        double r = last.radius();
        assertEquals(1 - r, last.y(), 0.0, "rests exactly on the floor");
        assertEquals(Motion.STILL, s.chunks().get(1).objects().get(0).label());
        assertTrue(s.chunks().get(0).contacts().get(0).contains(Contact.FLOOR));
        assertFalse(s.chunks().get(0).clean(), "a fall that lands within the chunk breaks its caption");
    }

    @Test
    void fallingGainsSpeedAtTheWorldsGravity() {
        Simulation s = Scenes.simulate(Scenes.scene(1, "black", List.of(Scenes.object(Shape.SQUARE, "red", 0.5, 0.15, 0, 0, Motion.FALLING))));
        double dt = 1.0 / 24;
        double y0 = s.frames().get(0).bodies().get(0).y();
        double y10 = s.frames().get(10).bodies().get(0).y();
        assertEquals(1.2 * dt * dt * 10 * 11 / 2, y10 - y0, 1e-12, "semi-implicit Euler: speed first, then position");
    }

    @Test
    void aRisingObjectStopsAtTheCeiling() {
        Simulation s = Scenes.simulate(Scenes.scene(2, "white", List.of(Scenes.object(Shape.TRIANGLE, "blue", 0.5, 0.4, 0, -0.3, Motion.RISING))));
        BodyState last = s.frames().get(47).bodies().get(0);
        assertEquals(last.radius(), last.y(), 0.0);
        assertEquals(Motion.STILL, s.chunks().get(1).objects().get(0).label());
    }

    @Test
    void aSlideReflectsOffTheWallAndChangesItsCaptionSide() {
        Simulation s = Scenes.simulate(Scenes.scene(2, "gray", List.of(Scenes.object(Shape.CIRCLE, "green", 0.3, 0.5, -0.3, 0, Motion.SLIDING_LEFT))));
        assertTrue(s.chunks().get(0).contacts().get(0).contains(Contact.WALL));
        assertEquals(Motion.SLIDING_RIGHT, s.chunks().get(1).objects().get(0).label());
        double minX = s.frames().stream().mapToDouble(f -> f.bodies().get(0).x()).min().orElseThrow();
        assertTrue(minX >= s.frames().get(0).bodies().get(0).radius(), "never leaves the frame");
    }

    @Test
    void aBounceLosesSpeedByTheRestitution() {
        SceneObject ball = new SceneObject(Shape.CIRCLE, "red", "small", 0.12, 0.5, 0.8, 0, 0.5, Motion.BOUNCING, 0.5);
        Simulation s = Scenes.simulate(Scenes.scene(1, "black", List.of(ball)));
        double top = 0.8;
        double lowest = 0;
        for (FrameState f : s.frames()) {
            lowest = Math.max(lowest, f.bodies().get(0).y());
        }
        assertTrue(lowest <= 1 - 0.12 + 1e-12, "the floor holds it");
        double bestHeightAfter = s.frames().subList(12, 24).stream().mapToDouble(f -> f.bodies().get(0).y()).min().orElseThrow();
        assertTrue(bestHeightAfter > top, "with restitution 0.5 it comes back lower than it started");
    }

    @Test
    void equalObjectsHeadOnSwapVelocitiesAndAStillOneStartsSliding() {
        SceneObject moving = Scenes.object(Shape.CIRCLE, "red", 0.3, 0.5, 0.3, 0, Motion.SLIDING_RIGHT);
        SceneObject resting = Scenes.object(Shape.CIRCLE, "blue", 0.6, 0.5, 0, 0, Motion.STILL);
        Simulation s = Scenes.simulate(Scenes.scene(2, "black", List.of(moving, resting)));
        ChunkState second = s.chunks().get(1);
        assertEquals(Motion.STILL, second.objects().get(0).label(), "the hitter stops (elastic, equal masses)");
        assertEquals(Motion.SLIDING_RIGHT, second.objects().get(1).label(), "the hit one slides on");
        assertTrue(s.chunks().get(0).contacts().get(0).contains(Contact.COLLISION));
        assertTrue(s.chunks().get(0).contacts().get(1).contains(Contact.COLLISION), "both objects feel the collision");
    }

    @Test
    void eventsChangeTheStateAtTheirChunkBoundary() {
        SceneSpec spec = Scenes.scene(3, "black", List.of(Scenes.object(Shape.CIRCLE, "red", 0.5, 0.5, 0, 0, Motion.STILL)),
                SceneEvent.color(1, 0, "blue"), SceneEvent.background(2, "white"));
        Simulation s = Scenes.simulate(spec);
        assertEquals("red", s.frames().get(23).bodies().get(0).color());
        assertEquals("blue", s.frames().get(24).bodies().get(0).color());
        assertEquals("black", s.frames().get(47).background());
        assertEquals("white", s.frames().get(48).background());
    }

    @Test
    void theSameSpecGivesTheSameStates() {
        SceneSpec spec = Scenes.sampled(1, 5, Split.HELDOUT, 4).get(0).spec();
        assertEquals(new Simulator(Scenes.WORLD).run(spec), new Simulator(Scenes.WORLD).run(spec));
    }
}
