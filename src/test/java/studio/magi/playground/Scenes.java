package studio.magi.playground;

import java.util.ArrayList;
import java.util.List;

/** Hand-made scenes for tests. */
final class Scenes {
    static final World WORLD = World.standard();

    private Scenes() {
    }

    static SceneObject object(Shape shape, String color, double x, double y, double vx, double vy, Motion motion) {
        return new SceneObject(shape, color, "small", WORLD.sizes().get("small"), x, y, vx, vy, motion, 1.0);
    }

    static SceneSpec scene(int chunks, String background, List<SceneObject> objects, SceneEvent... events) {
        return new SceneSpec(SceneSpec.VERSION, chunks, background, objects, 1.0, List.of(events), null);
    }

    static Simulation simulate(SceneSpec spec) {
        spec.validate(WORLD);
        return new Simulator(WORLD).run(spec);
    }

    static List<TruthScene> sampled(int count, long seed, Split split, int chunks) {
        SceneSampler sampler = new SceneSampler(WORLD, HeldOut.standard(), seed);
        List<TruthScene> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new TruthScene("scene-" + i, sampler.sample(chunks, split)));
        }
        return out;
    }
}
