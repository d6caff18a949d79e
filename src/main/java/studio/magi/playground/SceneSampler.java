package studio.magi.playground;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws evaluation scenes by the rules of the Python training sampler (docs/PLAYGROUND.md, "Sampling"): every
 * chunk clean, so its caption holds for all its frames; objects start apart; the split respected. Two rules more,
 * for evaluation: a held-out scene is built around one held-out combination (drawn evenly), and every chunk's motion
 * must be identifiable from the exact centres (a bouncing ball at rest on the floor, or one that only falls within
 * the chunk, would read as another motion). Same seed, same scenes.
 */
public final class SceneSampler {
    private static final double TWO_OBJECTS = 0.2;
    private static final double EVENT = 0.35;
    private static final int MAX_TRIES = 1000;
    /** Motions two objects may have: rising or falling into each other would break their captions at once. */
    private static final List<Motion> PAIR_MOTIONS = List.of(Motion.BOUNCING, Motion.SLIDING_LEFT, Motion.SLIDING_RIGHT, Motion.STILL);
    /**
     * Identifiability is judged at the model's size and the default one: tolerances are in pixels, so a small clip
     * blurs slow motions together and a large one asks more of a busy track.
     */
    private static final int[] JUDGE_SIZES = {32, 64};

    private final World world;
    private final HeldOut heldOut;
    private final Simulator simulator;
    private final List<MotionFit> motionFits = new ArrayList<>();
    private final Random random;

    public SceneSampler(World world, HeldOut heldOut, long seed) {
        this.world = world;
        this.heldOut = heldOut;
        this.simulator = new Simulator(world);
        for (int size : JUDGE_SIZES) {
            motionFits.add(new MotionFit(world, size, size));
        }
        this.random = new Random(seed);
    }

    /** A scene of {@code chunks} chunks with its captions. */
    public SceneSpec sample(int chunks, Split split) {
        if (chunks < 1) {
            throw new IllegalArgumentException("a scene needs at least one chunk, got " + chunks);
        }
        int count = random.nextDouble() < TWO_OBJECTS ? 2 : 1;
        int combination = split == Split.HELDOUT ? random.nextInt(heldOut.triples().size() + heldOut.pairs().size()) : -1;
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            SceneSpec spec = attempt(chunks, split, count, combination);
            if (spec != null) {
                return spec;
            }
        }
        throw new IllegalStateException("no clean " + split.name().toLowerCase() + " scene of " + chunks + " chunks in " + MAX_TRIES + " tries");
    }

    /**
     * One try at a scene of {@code count} objects (both are drawn once a scene, so hard scenes keep their share);
     * for the held-out split, {@code combination} indexes the triples, then the pairs.
     */
    private SceneSpec attempt(int chunks, Split split, int count, int combination) {
        String background = pick(new ArrayList<>(world.backgrounds().keySet()));
        String color0 = null;
        Shape shape0 = null;
        Motion motion0 = null;
        if (combination >= 0 && combination < heldOut.triples().size()) {
            HeldOut.Triple t = heldOut.triples().get(combination);
            color0 = t.color();
            shape0 = t.shape();
            motion0 = t.motion();
            if (!PAIR_MOTIONS.contains(motion0)) {
                count = 1;
            }
        } else if (combination >= 0) {
            HeldOut.Pair p = heldOut.pairs().get(combination - heldOut.triples().size());
            background = p.background();
            color0 = p.color();
        }
        List<SceneObject> objects = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> free = new ArrayList<>(world.colors().keySet());
            free.removeAll(used);
            String color = i == 0 && color0 != null ? color0 : pick(free);
            used.add(color);
            String size = pick(new ArrayList<>(world.sizes().keySet()));
            double r = world.sizes().get(size);
            Motion motion = i == 0 && motion0 != null ? motion0 : pick(count == 1 ? world.motions() : PAIR_MOTIONS);
            Shape shape = i == 0 && shape0 != null ? shape0 : pick(world.shapes());
            objects.add(place(shape, color, size, r, motion));
        }
        if (count == 2) {
            SceneObject a = objects.get(0);
            SceneObject b = objects.get(1);
            if (Math.hypot(a.x() - b.x(), a.y() - b.y()) < a.radius() + b.radius()) {
                return null;
            }
        }
        SceneSpec spec = new SceneSpec(SceneSpec.VERSION, chunks, background, objects, 1.0, List.of(), null);
        List<SceneEvent> events = new ArrayList<>();
        for (int k = 1; k < chunks; k++) {
            Simulation probe = simulator.run(spec.withEvents(events).withChunks(k + 1));
            ChunkState state = probe.chunks().get(k);
            boolean wantEvent = random.nextDouble() < EVENT;
            if (!wantEvent && state.clean()) {
                continue;
            }
            SceneEvent event = event(probe, k, wantEvent ? -1 : state.firstUnclean());
            if (event == null) {
                return null;
            }
            events.add(event);
        }
        spec = spec.withEvents(events);
        Simulation simulation = simulator.run(spec);
        for (int k = 0; k < chunks; k++) {
            if (!simulation.chunks().get(k).clean() || !identifiable(simulation, k)) {
                return null;
            }
        }
        boolean shows = !heldOut.chunksShowing(simulation).isEmpty();
        if (split == Split.TRAIN && shows || split == Split.HELDOUT && !heldOut.chunksShowing(simulation).contains(0)) {
            return null;
        }
        return spec.withCaptions(Captions.of(simulation));
    }

    /** Whether the exact centres of every object in chunk k read as the motion its caption names, at every judged size. */
    private boolean identifiable(Simulation simulation, int k) {
        int frames = world.chunkFrames();
        ChunkState chunk = simulation.chunks().get(k);
        for (int o = 0; o < chunk.objects().size(); o++) {
            double[] xs = new double[frames];
            double[] ys = new double[frames];
            for (int f = 0; f < frames; f++) {
                BodyState b = simulation.frames().get(k * frames + f).bodies().get(o);
                xs[f] = b.x();
                ys[f] = b.y() + b.shape().centroidDrop() * b.radius();
            }
            for (MotionFit fit : motionFits) {
                if (fit.classify(xs, ys) != chunk.objects().get(o).label()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A start that keeps the motion clean for at least one second (the margins of the Python sampler). */
    private SceneObject place(Shape shape, String color, String size, double r, Motion motion) {
        Physics phys = world.physics();
        double g = phys.gravity();
        double lo = r;
        double hi = 1.0 - r;
        double x;
        double y;
        double vx = 0;
        double vy = 0;
        switch (motion) {
            case STILL -> {
                x = uniform(lo, hi);
                y = uniform(lo, hi);
            }
            case SLIDING_RIGHT -> {
                double s = phys.slideSpeed().draw(random);
                x = uniform(lo, hi - s - 0.02);
                y = uniform(lo, hi);
                vx = s;
            }
            case SLIDING_LEFT -> {
                double s = phys.slideSpeed().draw(random);
                x = uniform(lo + s + 0.02, hi);
                y = uniform(lo, hi);
                vx = -s;
            }
            case RISING -> {
                double s = phys.riseSpeed().draw(random);
                x = uniform(lo, hi);
                y = uniform(lo + s + 0.02, hi);
                vy = -s;
            }
            case FALLING -> {
                x = uniform(lo, hi);
                y = uniform(lo, hi - 0.5 * g - 0.02);
            }
            default -> {
                vx = phys.bounceVx().draw(random) * (random.nextBoolean() ? -1 : 1);
                x = uniform(lo, hi);
                y = uniform(lo, 0.6);
                vy = phys.bounceVy().draw(random);
            }
        }
        return new SceneObject(shape, color, size, r, x, y, vx, vy, motion, phys.restitution().draw(random));
    }

    /** Motions an event may start at a body's place that stay clean for a second (the Python sampler's margins). */
    private List<Motion> roomFor(BodyState b) {
        double g = world.physics().gravity();
        List<Motion> out = new ArrayList<>(List.of(Motion.STILL, Motion.BOUNCING));
        if (b.x() + b.radius() + 0.36 < 1.0) {
            out.add(Motion.SLIDING_RIGHT);
        }
        if (b.x() - b.radius() - 0.36 > 0.0) {
            out.add(Motion.SLIDING_LEFT);
        }
        if (b.y() - b.radius() - 0.31 > 0.0) {
            out.add(Motion.RISING);
        }
        if (b.y() + b.radius() + 0.5 * g + 0.02 < 1.0) {
            out.add(Motion.FALLING);
        }
        return out;
    }

    /** An event at the start of chunk k; for an unclean chunk, a motion change of the object that broke it. */
    private SceneEvent event(Simulation probe, int k, int culprit) {
        ChunkState chunk = probe.chunks().get(k);
        List<ObjectState> objects = chunk.objects();
        SceneEvent.Type type = culprit >= 0 ? SceneEvent.Type.MOTION
                : pick(List.of(SceneEvent.Type.COLOR, SceneEvent.Type.COLOR, SceneEvent.Type.MOTION, SceneEvent.Type.MOTION,
                        SceneEvent.Type.BACKGROUND));
        if (type == SceneEvent.Type.BACKGROUND) {
            List<String> others = new ArrayList<>(world.backgrounds().keySet());
            others.remove(chunk.background());
            return SceneEvent.background(k, pick(others));
        }
        int i = culprit >= 0 ? culprit : random.nextInt(objects.size());
        if (type == SceneEvent.Type.COLOR) {
            List<String> free = new ArrayList<>(world.colors().keySet());
            objects.forEach(o -> free.remove(o.color()));
            return SceneEvent.color(k, i, pick(free));
        }
        BodyState body = probe.frames().get(k * world.chunkFrames()).bodies().get(i);
        List<Motion> choices = new ArrayList<>(roomFor(body));
        choices.remove(objects.get(i).label());
        if (objects.size() > 1) {
            choices.retainAll(PAIR_MOTIONS);
        }
        if (choices.isEmpty()) {
            return null;
        }
        Motion motion = pick(choices);
        double speed = 0;
        if (motion.isSliding()) {
            speed = world.physics().slideSpeed().draw(random);
        } else if (motion == Motion.RISING) {
            speed = world.physics().riseSpeed().draw(random);
        }
        return SceneEvent.motion(k, i, motion, speed);
    }

    private double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
