package studio.magi.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.magi.media.Frame;

class PhysicsScoresTest {
    private final Renderer renderer = new Renderer(Scenes.WORLD);

    @Test
    void theTruthMatchesItselfPerfectly() {
        List<Frame> frames = moving(0.03);
        PhysicsScores p = PhysicsScores.compare(frames, frames);
        assertEquals(new PhysicsScores(1, 1, 1, 0), p);
    }

    @Test
    void twoStillVideosAgreeAsTheBenchmarkCountsEmptyMasks() {
        List<Frame> still = Collections.nCopies(6, Frame.filled(16, 16, 0, 0, 0));
        PhysicsScores p = PhysicsScores.compare(still, still);
        assertEquals(1.0, p.spatialIou());
        assertEquals(1.0, p.weightedSpatialIou());
    }

    @Test
    void aHeldFrameAndAWrongDirectionScoreLower() {
        List<Frame> truth = moving(0.03);
        PhysicsScores held = PhysicsScores.compare(truth, Collections.nCopies(truth.size(), truth.get(0)));
        PhysicsScores backwards = PhysicsScores.compare(truth, moving(-0.03));
        assertEquals(0.0, held.spatialIou(), "nothing moves where something should");
        assertTrue(backwards.spatialIou() < 0.5 && backwards.spatiotemporalIou() < 0.5, backwards.toString());
        assertTrue(held.mse() > 0 && backwards.mse() > held.mse(), held + " " + backwards);
    }

    @Test
    void mseIsTheMeanSquaredErrorOfChannelsInZeroToOne() {
        List<Frame> black = List.of(Frame.filled(4, 4, 0, 0, 0));
        List<Frame> white = List.of(Frame.filled(4, 4, 255, 255, 255));
        assertEquals(1.0, PhysicsScores.compare(black, white).mse(), 1e-12);
    }

    private List<Frame> moving(double step) {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            frames.add(renderer.render(new FrameState("gray", List.of(new BodyState(Shape.CIRCLE, "blue", 0.12, 0.5 + step * i, 0.5))), 64, 64));
        }
        return frames;
    }
}
