package studio.magi.project;

import java.util.Objects;

/**
 * One rendered result of a chunk: the seed it was rendered with and the content key under which the render service
 * keeps its frames in {@code renders/}.
 */
public record Take(long seed, String renderKey) {
    public Take {
        Objects.requireNonNull(renderKey, "a take needs its render key");
        if (renderKey.isBlank()) {
            throw new IllegalArgumentException("a take's render key is empty");
        }
    }
}
