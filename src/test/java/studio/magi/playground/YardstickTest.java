package studio.magi.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.magi.media.Clip;
import studio.magi.media.Frame;

/** The metrics can fail: the truth scores near 100 %, deliberately wrong videos near 0, baselines below the truth. */
class YardstickTest {
    private static final World WORLD = Scenes.WORLD;
    private static final int PREFIX = 2;
    private static List<TruthScene> scenes;
    private static EvalReport truth;

    @BeforeAll
    static void scoreTheTruth() {
        scenes = Scenes.sampled(24, 21, Split.HELDOUT, 4);
        Renderer renderer = new Renderer(WORLD);
        Simulator simulator = new Simulator(WORLD);
        truth = new EvalSuite(WORLD, PREFIX).run(scenes, (scene, prefix) -> renderer.render(simulator.run(scene.spec()), 64, 64));
    }

    @Test
    void theTruthScoresNearlyFull() {
        Scores s = truth.generated();
        assertTrue(s.adherence() >= 0.98, s.toString());
        assertTrue(s.sceneConsistency() >= 0.98, s.toString());
        assertTrue(s.chunkPromptControl() >= 0.98, s.toString());
        assertTrue(s.motionNaturalness() >= 0.98, s.toString());
        assertTrue(s.physics().spatialIou() == 1 && s.physics().mse() == 0, s.toString());
        for (Double part : List.of(s.backgroundRight(), s.objectCountRight(), s.colorRight(), s.shapeRight(), s.motionRight())) {
            assertTrue(part >= 0.98, s.toString());
        }
    }

    @Test
    void eachWrongPartShowsInItsOwnFigure() {
        Scores colour = corrupted(Corruption.COLOR);
        assertTrue(colour.colorRight() <= 0.02 && colour.backgroundRight() >= 0.98 && colour.motionRight() >= 0.9, colour.toString());
        Scores background = corrupted(Corruption.BACKGROUND);
        assertTrue(background.backgroundRight() <= 0.02 && background.colorRight() >= 0.98, background.toString());
        Scores shape = corrupted(Corruption.SHAPE);
        assertTrue(shape.shapeRight() <= 0.1 && shape.colorRight() >= 0.98 && shape.backgroundRight() >= 0.98, shape.toString());
        Scores noise = corrupted(Corruption.NOISE);
        assertTrue(noise.objectCountRight() <= 0.02, noise.toString());
    }

    @Test
    void baselinesStayBelowTheTruthOnPhysics() {
        for (Baseline b : List.of(Baseline.COPY_LAST, Baseline.CONSTANT_VELOCITY)) {
            PhysicsScores p = truth.baselines().get(b).physics();
            assertTrue(p.spatialIou() < 0.8 && p.spatiotemporalIou() < 0.9 && p.weightedSpatialIou() < 0.8 && p.mse() > 0, b + ": " + p);
        }
    }

    @Test
    void noiseScoresNothing() {
        Scores s = corrupted(Corruption.NOISE);
        assertTrue(s.adherence() == 0 && s.sceneConsistency() == 0 && s.motionNaturalness() == 0, s.toString());
        assertTrue(s.physics().spatialIou() < 0.3 && s.physics().mse() > 0.1, s.toString());
    }

    @Test
    void aWrongColourShapeOrBackgroundFailsAdherenceAlone() {
        for (Corruption c : List.of(Corruption.COLOR, Corruption.SHAPE, Corruption.BACKGROUND)) {
            Scores s = corrupted(c);
            assertTrue(s.adherence() <= 0.02, c + ": " + s);
            assertTrue(s.motionNaturalness() >= 0.9, c + " keeps the motion: " + s);
        }
    }

    @Test
    void aFrozenVideoFollowsOnlyTheChunksThatStandStill() {
        Scores s = corrupted(Corruption.FROZEN);
        assertTrue(s.adherence() <= stillShare() + 0.02, s + " against " + stillShare());
        assertTrue(s.chunkPromptControl() <= 0.1, s.toString());
        assertTrue(s.physics().spatialIou() < 0.8, s.toString());
    }

    @Test
    void objectsJumpingAtChunkBoundariesBreakConsistencyAndControl() {
        Scores s = corrupted(Corruption.JUMP);
        assertTrue(s.sceneConsistency() <= 0.02 && s.chunkPromptControl() <= 0.02, s.toString());
        assertTrue(s.adherence() >= 0.9, "each chunk on its own is right: " + s);
    }

    @Test
    void travelSaysWhetherObjectsKeepPace() {
        assertEquals(1.0, truth.generated().travel(), 0.05, truth.generated().toString());
        assertEquals(0.0, corrupted(Corruption.FROZEN).travel(), 1e-9);
        assertEquals(0.0, truth.baselines().get(Baseline.COPY_LAST).travel(), 1e-9);
        Simulator simulator = new Simulator(WORLD);
        Renderer renderer = new Renderer(WORLD);
        List<ClipScore> slow = new ArrayList<>();
        for (TruthScene scene : scenes) {
            Simulation sim = simulator.run(scene.spec());
            slow.add(score(sim, renderer.render(halfSpeed(sim.frames()), 64, 64)));
        }
        double travel = Scores.of(slow).travel();
        assertTrue(travel > 0.35 && travel < 0.65, "each chunk played at half speed travels about half as far: " + travel);
    }

    /** Each chunk shows its first half stretched over all its frames. */
    private static List<FrameState> halfSpeed(List<FrameState> frames) {
        int n = WORLD.chunkFrames();
        List<FrameState> out = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) {
            out.add(frames.get(f - f % n + (f % n) / 2));
        }
        return out;
    }

    private static ClipScore score(Simulation sim, Clip clip) {
        Judge judge = new Judge(WORLD, PREFIX);
        List<Frame> truthPart = judge.continuation(new Renderer(WORLD).render(sim, 64, 64));
        return judge.score(sim, truthPart, MotionMasks.of(truthPart), clip, MotionMasks.of(judge.continuation(clip)),
                new Analyzer(WORLD).analyze(clip, judge.firstChunkRead()));
    }

    private static Scores corrupted(Corruption corruption) {
        Simulator simulator = new Simulator(WORLD);
        List<ClipScore> scores = new ArrayList<>();
        for (int i = 0; i < scenes.size(); i++) {
            Simulation sim = simulator.run(scenes.get(i).spec());
            scores.add(score(sim, corruption.apply(sim, WORLD, 64, 64, i)));
        }
        return Scores.of(scores);
    }

    /** The share of scored chunks in which every object stands still. */
    private static double stillShare() {
        int still = 0;
        int all = 0;
        for (TruthScene s : scenes) {
            List<ChunkState> chunks = new Simulator(WORLD).run(s.spec()).chunks();
            for (ChunkState c : chunks.subList(PREFIX, chunks.size())) {
                all++;
                still += c.objects().stream().allMatch(o -> o.label() == Motion.STILL) ? 1 : 0;
            }
        }
        return (double) still / all;
    }
}
