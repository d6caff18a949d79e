package studio.magi.playground;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import studio.magi.media.Clip;
import studio.magi.media.Frame;

/**
 * Scores one analysed clip against its simulated truth (docs/PLAYGROUND.md, "Metrics"). The first
 * {@code prefixChunks} chunks are the given prefix: only later chunks, and the boundaries into them, are scored.
 * Objects of the clip are matched to the truth's by colour, then the rest by nearest mean position, so a wrong
 * colour costs adherence but not the motion or consistency figures.
 */
public final class Judge {
    /** A step across a chunk boundary may exceed the steps around it by this many px before it is a jump. */
    static final double JUMP_SLACK = 1.5;

    private final World world;
    private final int prefixChunks;

    public Judge(World world, int prefixChunks) {
        this.world = world;
        this.prefixChunks = prefixChunks;
    }

    /** The first chunk scoring looks at: the last given one, whose end the first generated chunk must continue. */
    public int firstChunkRead() {
        return Math.max(0, prefixChunks - 1);
    }

    /** The generated part of a clip: the frames after the prefix. */
    public List<Frame> continuation(Clip clip) {
        return clip.frames().subList(Math.min(clip.size(), prefixChunks * world.chunkFrames()), clip.size());
    }

    /**
     * @param truthFrames the truth's continuation at the clip's size, for the Physics-IQ figures
     * @param truthMasks its motion masks
     * @param clipMasks the motion masks of the clip's continuation
     * @param seen the clip read back from {@link #firstChunkRead()} on
     */
    public ClipScore score(Simulation truth, List<Frame> truthFrames, MotionMasks truthMasks, Clip clip, MotionMasks clipMasks,
            ClipAnalysis seen) {
        int n = truth.chunks().size();
        MotionFit fit = new MotionFit(world, seen.width(), seen.height());
        int chunks = 0;
        int adherent = 0;
        int natural = 0;
        int events = 0;
        int controlled = 0;
        int boundaries = 0;
        int consistent = 0;
        Facets facets = Facets.NONE;
        List<ChunkVerdict> verdicts = new ArrayList<>();
        List<ObjectTrack[]> matches = new ArrayList<>();
        List<Integer> extras = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<ObjectTrack> unmatched = k < firstChunkRead() ? new ArrayList<>() : new ArrayList<>(seen.chunk(k).objects());
            matches.add(match(truth, k, unmatched));
            extras.add(unmatched.size());
        }
        for (int k = prefixChunks; k < n; k++) {
            ChunkState want = truth.chunks().get(k);
            ChunkAnalysis got = seen.chunk(k);
            ObjectTrack[] m = matches.get(k);
            boolean whole = extras.get(k) == 0 && Arrays.stream(m).allMatch(t -> t != null);
            List<ObjectVerdict> objects = objectVerdicts(want, got, m);
            facets = facets.plus(facets(want, got, objects, whole, travel(truth, k, m, seen)));
            chunks++;
            boolean follows = whole && want.background().equals(got.background());
            boolean plausible = whole;
            for (int i = 0; i < m.length && whole; i++) {
                ObjectState o = want.objects().get(i);
                ObjectTrack t = m[i];
                follows &= t.color().equals(o.color()) && t.looksLike(o.shape()) && !t.split() && t.motion() == o.label();
                plausible &= fit.plausible(o.label(), t.xs(), t.ys());
            }
            verdicts.add(new ChunkVerdict(want.background(), objects, follows));
            adherent += follows ? 1 : 0;
            natural += plausible ? 1 : 0;
            if (k == 0) {
                continue;
            }
            SceneEvent event = eventAt(truth.spec(), k);
            boolean steady = noJump(matches.get(k - 1), m, seen);
            if (event != null) {
                events++;
                controlled += steady && changeShown(event, truth, seen, matches, k) ? 1 : 0;
            } else {
                boundaries++;
                consistent += steady && sameScene(seen, matches, extras, k) ? 1 : 0;
            }
        }
        PhysicsScores physics = truthFrames.isEmpty() ? null : PhysicsScores.compare(truthFrames, truthMasks, continuation(clip), clipMasks);
        return new ClipScore(chunks, adherent, natural, events, controlled, boundaries, consistent, facets, physics, verdicts);
    }

    /** Per truth object: whether a shown object of its colour exists, and the matched object's shape and motion. */
    private static List<ObjectVerdict> objectVerdicts(ChunkState want, ChunkAnalysis got, ObjectTrack[] m) {
        List<ObjectVerdict> out = new ArrayList<>();
        for (int i = 0; i < m.length; i++) {
            ObjectState o = want.objects().get(i);
            String c = o.color();
            out.add(new ObjectVerdict(o, got.objects().stream().anyMatch(t -> t.color().equals(c)),
                    m[i] != null && m[i].looksLike(o.shape()) && !m[i].split(), m[i] != null && m[i].motion() == o.label()));
        }
        return out;
    }

    private static Facets facets(ChunkState want, ChunkAnalysis got, List<ObjectVerdict> objects, boolean whole, double[] travel) {
        int color = (int) objects.stream().filter(ObjectVerdict::color).count();
        int shape = (int) objects.stream().filter(ObjectVerdict::shape).count();
        int motion = (int) objects.stream().filter(ObjectVerdict::motion).count();
        return new Facets(1, want.background().equals(got.background()) ? 1 : 0, whole ? 1 : 0, objects.size(), color, shape,
                motion, travel[0], travel[1]);
    }

    /**
     * {truth, clip}: px from the first to the last frame of chunk k, summed over the truth objects that move at
     * least a slide's minimum travel and the clip's objects matched to them (a missing one travels 0).
     */
    private double[] travel(Simulation truth, int k, ObjectTrack[] m, ClipAnalysis seen) {
        int frames = world.chunkFrames();
        double want = 0;
        double got = 0;
        for (int i = 0; i < m.length; i++) {
            double[] from = truthAt(truth, k * frames, i);
            double[] to = truthAt(truth, (k + 1) * frames - 1, i);
            double path = px(from, to, seen);
            if (path < MotionFit.MIN_TRAVEL) {
                continue;
            }
            want += path;
            double[] start = m[i] == null ? null : m[i].endPosition(false);
            got += start == null ? 0 : px(start, m[i].endPosition(true), seen);
        }
        return new double[] {want, got};
    }

    private static double[] truthAt(Simulation truth, int frame, int i) {
        BodyState b = truth.frames().get(frame).bodies().get(i);
        return new double[] {b.x(), b.y() + b.shape().centroidDrop() * b.radius()};
    }

    /** The clip's object for each truth object of chunk k (or null); matched tracks are taken out of {@code seen}. */
    private ObjectTrack[] match(Simulation truth, int k, List<ObjectTrack> seen) {
        List<ObjectState> want = truth.chunks().get(k).objects();
        ObjectTrack[] out = new ObjectTrack[want.size()];
        for (int i = 0; i < want.size(); i++) {
            for (ObjectTrack t : seen) {
                if (t.color().equals(want.get(i).color())) {
                    out[i] = t;
                    seen.remove(t);
                    break;
                }
            }
        }
        for (int i = 0; i < want.size(); i++) {
            if (out[i] != null || seen.isEmpty()) {
                continue;
            }
            double[] at = truthMean(truth, k, i);
            ObjectTrack nearest = null;
            double best = Double.POSITIVE_INFINITY;
            for (ObjectTrack t : seen) {
                double[] p = t.meanPosition();
                double d = Math.hypot(p[0] - at[0], p[1] - at[1]);
                if (d < best) {
                    best = d;
                    nearest = t;
                }
            }
            out[i] = nearest;
            seen.remove(nearest);
        }
        return out;
    }

    private double[] truthMean(Simulation truth, int k, int i) {
        int frames = world.chunkFrames();
        double sx = 0;
        double sy = 0;
        for (int f = k * frames; f < (k + 1) * frames; f++) {
            double[] p = truthAt(truth, f, i);
            sx += p[0];
            sy += p[1];
        }
        return new double[] {sx / frames, sy / frames};
    }

    /** Every object crosses the boundary into chunk k without a jump: no step much longer than the steps around it. */
    private static boolean noJump(ObjectTrack[] before, ObjectTrack[] after, ClipAnalysis seen) {
        for (int i = 0; i < before.length; i++) {
            ObjectTrack a = before[i];
            ObjectTrack b = after[i];
            if (a == null || b == null) {
                return false;
            }
            double[] from = a.endPosition(true);
            double[] to = b.endPosition(false);
            double step = px(from, to, seen);
            double around = Math.max(localStep(a, true, seen), localStep(b, false, seen));
            if (step > JUMP_SLACK + 2 * around) {
                return false;
            }
        }
        return true;
    }

    /** The median step (px) over the four frames at the chunk's end (or start). */
    private static double localStep(ObjectTrack t, boolean atEnd, ClipAnalysis seen) {
        List<Double> steps = new ArrayList<>();
        int n = t.xs().length;
        for (int k = 0; k < Math.min(4, n - 1); k++) {
            int i = atEnd ? n - 1 - k : k;
            int j = atEnd ? i - 1 : i + 1;
            if (!Double.isNaN(t.xs()[i]) && !Double.isNaN(t.xs()[j])) {
                steps.add(px(new double[] {t.xs()[j], t.ys()[j]}, new double[] {t.xs()[i], t.ys()[i]}, seen));
            }
        }
        if (steps.isEmpty()) {
            return 0;
        }
        steps.sort(null);
        return steps.get(steps.size() / 2);
    }

    private static double px(double[] a, double[] b, ClipAnalysis seen) {
        return Math.hypot((a[0] - b[0]) * seen.width(), (a[1] - b[1]) * seen.height());
    }

    /** The change of chunk k's event shows in chunk k and not before. */
    private static boolean changeShown(SceneEvent e, Simulation truth, ClipAnalysis seen, List<ObjectTrack[]> matches, int k) {
        ChunkState wantBefore = truth.chunks().get(k - 1);
        ChunkState wantAfter = truth.chunks().get(k);
        switch (e.type()) {
            case BACKGROUND:
                return wantBefore.background().equals(seen.chunk(k - 1).background())
                        && wantAfter.background().equals(seen.chunk(k).background());
            case COLOR: {
                ObjectTrack before = matches.get(k - 1)[e.object()];
                ObjectTrack after = matches.get(k)[e.object()];
                return before.color().equals(wantBefore.objects().get(e.object()).color())
                        && after.color().equals(wantAfter.objects().get(e.object()).color());
            }
            default: {
                ObjectTrack before = matches.get(k - 1)[e.object()];
                ObjectTrack after = matches.get(k)[e.object()];
                return before.motion() == wantBefore.objects().get(e.object()).label()
                        && after.motion() == wantAfter.objects().get(e.object()).label();
            }
        }
    }

    /** Chunks k-1 and k show the same background and the same objects (colour, shape), none of them in pieces. */
    private static boolean sameScene(ClipAnalysis seen, List<ObjectTrack[]> matches, List<Integer> extras, int k) {
        String before = seen.chunk(k - 1).background();
        if (before == null || !before.equals(seen.chunk(k).background()) || extras.get(k - 1) > 0 || extras.get(k) > 0) {
            return false;
        }
        ObjectTrack[] a = matches.get(k - 1);
        ObjectTrack[] b = matches.get(k);
        for (int i = 0; i < a.length; i++) {
            if (!a[i].color().equals(b[i].color()) || a[i].split() || b[i].split()
                    || a[i].alike().stream().noneMatch(b[i]::looksLike)) {
                return false;
            }
        }
        return true;
    }

    private static SceneEvent eventAt(SceneSpec spec, int chunk) {
        for (SceneEvent e : spec.events()) {
            if (e.chunk() == chunk) {
                return e;
            }
        }
        return null;
    }
}
