package studio.magi.engine;

import java.util.List;

/**
 * Chunks to render: one prompt and one seed per chunk (each chunk's noise comes from its own seed), the sampler
 * settings, what the video starts from, and {@code totalChunks}: the chunks from the first rendered one to the end of
 * the video, which the prompts' duration tokens count down (more than the prompts when only a part is rendered).
 */
public record GenerationRequest(List<String> prompts, List<Long> seeds, SamplerSettings settings, Start start,
        int totalChunks) {

    public GenerationRequest {
        prompts = List.copyOf(prompts);
        seeds = List.copyOf(seeds);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("a generation needs at least one chunk");
        }
        if (seeds.size() != prompts.size()) {
            throw new IllegalArgumentException("one seed per chunk: " + prompts.size() + " prompts, " + seeds.size() + " seeds");
        }
        if (totalChunks < prompts.size()) {
            throw new IllegalArgumentException("totalChunks (" + totalChunks + ") is less than the chunks to render ("
                    + prompts.size() + ")");
        }
    }

    /** Renders exactly these chunks: chunk i gets seed + i. */
    public static GenerationRequest of(List<String> prompts, SamplerSettings settings, Start start) {
        List<Long> seeds = java.util.stream.LongStream.range(0, prompts.size()).map(i -> settings.seed() + i).boxed().toList();
        return new GenerationRequest(prompts, seeds, settings, start, prompts.size());
    }

    public int chunks() {
        return prompts.size();
    }
}
