package studio.magi.engine;

import java.util.function.BooleanSupplier;

/**
 * A model that walks its chunks itself, as its reference code does, rather than pass by pass through this engine's
 * {@link ChunkPipeline} (whose schedule is nano's). The pipeline hands such a model the whole request.
 */
public interface ChunkSampler {
    /** As {@link ChunkPipeline#generate}: each chunk to the listener as soon as it is decoded. */
    void generate(GenerationRequest request, ChunkListener listener, BooleanSupplier cancelled);
}
