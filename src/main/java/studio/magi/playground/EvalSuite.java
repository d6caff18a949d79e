package studio.magi.playground;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import studio.magi.media.Clip;
import studio.magi.media.Frame;

/**
 * Scores generated clips of truth scenes, each beside the baselines. A generated clip may have any size: the truth
 * and the baselines are drawn from the simulation at that size (no resampling), and tracks are compared in frame
 * units. Clips are asked of the source one at a time, in order, on the calling thread; scoring runs on all cores.
 */
public final class EvalSuite {
    private final World world;
    private final int prefixChunks;
    private final Simulator simulator;
    private final Renderer renderer;
    private final Analyzer analyzer;
    private final Judge judge;

    public EvalSuite(World world, int prefixChunks) {
        if (prefixChunks < 0) {
            throw new IllegalArgumentException("the prefix cannot be negative, got " + prefixChunks);
        }
        this.world = world;
        this.prefixChunks = prefixChunks;
        this.simulator = new Simulator(world);
        this.renderer = new Renderer(world);
        this.analyzer = new Analyzer(world);
        this.judge = new Judge(world, prefixChunks);
    }

    /** Scores one generated clip a scene and the baselines; a clip that does not fit its scene is refused. */
    public EvalReport run(List<TruthScene> scenes, ClipSource generated) {
        for (TruthScene s : scenes) {
            if (s.spec().chunks() <= prefixChunks) {
                throw new IllegalArgumentException(s.name() + ": a prefix of " + prefixChunks + " chunks leaves nothing to generate in its "
                        + s.spec().chunks() + " chunks");
            }
        }
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "eval");
            t.setDaemon(true);
            return t;
        });
        List<Map<Baseline, ClipScore>> results = new ArrayList<>();
        Deque<Future<Map<Baseline, ClipScore>>> running = new ArrayDeque<>();
        try {
            for (TruthScene scene : scenes) {
                Simulation truth = simulator.run(scene.spec());
                Clip clip = generated.clipFor(scene, prefixChunks);
                int expected = truth.frames().size();
                if (clip.size() != expected) {
                    throw new IllegalArgumentException(scene.name() + ": the generated clip has " + clip.size() + " frames, the scene "
                            + expected + " (" + scene.spec().chunks() + " chunks of " + world.chunkFrames() + ")");
                }
                running.add(pool.submit(() -> scoreAll(truth, clip)));
                if (running.size() > 2 * threads) {
                    results.add(running.poll().get());
                }
            }
            while (!running.isEmpty()) {
                results.add(running.poll().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<ClipScore> scores = new ArrayList<>();
        Map<Baseline, List<ClipScore>> byBaseline = new EnumMap<>(Baseline.class);
        for (Map<Baseline, ClipScore> r : results) {
            scores.add(r.get(null));
        }
        for (Baseline b : Baseline.values()) {
            for (Map<Baseline, ClipScore> r : results) {
                if (r.containsKey(b)) {
                    byBaseline.computeIfAbsent(b, x -> new ArrayList<>()).add(r.get(b));
                }
            }
        }
        Map<Baseline, Scores> baselines = new EnumMap<>(Baseline.class);
        byBaseline.forEach((b, list) -> baselines.put(b, Scores.of(list)));
        return new EvalReport(prefixChunks, Scores.of(scores), baselines);
    }

    /** The generated clip's score under the key null, each baseline's under its own. */
    private Map<Baseline, ClipScore> scoreAll(Simulation truth, Clip clip) {
        Clip truthClip = renderer.render(truth, clip.width(), clip.height());
        List<Frame> truthPart = judge.continuation(truthClip);
        MotionMasks truthMasks = MotionMasks.of(truthPart);
        Map<Baseline, ClipScore> out = new HashMap<>();
        out.put(null, score(truth, truthPart, truthMasks, clip, MotionMasks.of(judge.continuation(clip))));
        for (Baseline b : Baseline.values()) {
            if (b.needsPrefix() && prefixChunks == 0) {
                continue;
            }
            if (b == Baseline.TRUTH) {
                out.put(b, score(truth, truthPart, truthMasks, truthClip, truthMasks));
            } else {
                Clip c = b.clip(truth, renderer, clip.width(), clip.height(), prefixChunks * world.chunkFrames());
                out.put(b, score(truth, truthPart, truthMasks, c, MotionMasks.of(judge.continuation(c))));
            }
        }
        return out;
    }

    private ClipScore score(Simulation truth, List<Frame> truthPart, MotionMasks truthMasks, Clip clip, MotionMasks clipMasks) {
        return judge.score(truth, truthPart, truthMasks, clip, clipMasks, analyzer.analyze(clip, judge.firstChunkRead()));
    }
}
