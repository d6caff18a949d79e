package studio.magi.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import studio.magi.engine.ChunkPipeline;
import studio.magi.engine.GenerationRequest;
import studio.magi.engine.SamplerSettings;
import studio.magi.engine.Start;

/** One timed text-to-video run of the engine: when each chunk arrived. */
record EngineRun(double seconds, List<Double> arrivalsMs) {
    static final String PROMPT = "a red circle bouncing on a black background";

    static EngineRun time(ChunkPipeline pipeline, SamplerSettings settings, int chunks) {
        GenerationRequest request = GenerationRequest.of(Collections.nCopies(chunks, PROMPT), settings.withSeed(0),
                new Start.Text());
        List<Double> arrivals = new ArrayList<>();
        long start = System.nanoTime();
        pipeline.generate(request, chunk -> arrivals.add((System.nanoTime() - start) / 1e6), () -> false);
        return new EngineRun((System.nanoTime() - start) / 1e9, arrivals);
    }

    double firstChunkMs() {
        return arrivalsMs.get(0);
    }

    /** The median time between one chunk's arrival and the next (the first counted from the start). */
    double medianChunkMs() {
        List<Double> gaps = new ArrayList<>();
        double last = 0;
        for (double t : arrivalsMs) {
            gaps.add(t - last);
            last = t;
        }
        Collections.sort(gaps);
        int n = gaps.size();
        return n % 2 == 1 ? gaps.get(n / 2) : (gaps.get(n / 2 - 1) + gaps.get(n / 2)) / 2;
    }

    double framesPerSecond(int framesPerChunk) {
        return framesPerChunk * arrivalsMs.size() / seconds;
    }
}
