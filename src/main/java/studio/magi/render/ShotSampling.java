package studio.magi.render;

import java.util.ArrayList;
import java.util.List;
import studio.magi.engine.Guidance;
import studio.magi.engine.SamplerSettings;
import studio.magi.project.ShotSettings;

/**
 * A shot's settings as sampler settings over the model's own. The shot's text and history guidance take the place
 * of the model's scales in the time buckets where the model guides at all (text scale above 0, history scale other
 * than 1); the other buckets keep the model's.
 */
public final class ShotSampling {
    private ShotSampling() {
    }

    public static SamplerSettings settings(ShotSettings shot, SamplerSettings model) {
        Guidance g = model.guidance();
        List<Double> text = new ArrayList<>();
        List<Double> history = new ArrayList<>();
        for (int i = 0; i < g.tRange().size(); i++) {
            text.add(g.textScales().get(i) > 0 ? shot.textGuidance() : g.textScales().get(i));
            history.add(g.historyScales().get(i) != 1.0 ? shot.historyGuidance() : g.historyScales().get(i));
        }
        return new SamplerSettings(shot.steps(), shot.window(), shot.cfgNumber(), model.seed(), model.shift(),
                model.kvRanges(), new Guidance(g.tRange(), text, history));
    }
}
