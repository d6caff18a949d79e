package studio.magi.playground;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The constants of the playground (world.json, shared with the Python mirror): palette, backgrounds, shapes, sizes,
 * motions, physics and the caption vocabulary.
 */
public record World(
        int version,
        int fps,
        @JsonProperty("chunk_frames") int chunkFrames,
        Map<String, Rgb> backgrounds,
        Map<String, Rgb> colors,
        List<Shape> shapes,
        Map<String, Double> sizes,
        List<Motion> motions,
        Physics physics,
        @JsonProperty("special_tokens") List<String> specialTokens,
        List<String> words) {

    private static final String RESOURCE = "/studio/magi/playground/world.json";
    private static World standard;

    public World {
        backgrounds = Collections.unmodifiableMap(new LinkedHashMap<>(backgrounds));
        colors = Collections.unmodifiableMap(new LinkedHashMap<>(colors));
        sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        shapes = List.copyOf(shapes);
        motions = List.copyOf(motions);
        specialTokens = List.copyOf(specialTokens);
        words = List.copyOf(words);
    }

    /** The world the built-in model learns, from the class path. */
    public static synchronized World standard() {
        if (standard == null) {
            try (InputStream in = World.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the class path");
                }
                standard = new ObjectMapper()
                        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                        .readValue(in, World.class);
            } catch (IOException e) {
                throw new UncheckedIOException(RESOURCE + ": " + e.getMessage(), e);
            }
        }
        return standard;
    }

    /** Seconds per frame, as the simulation steps. */
    public double dt() {
        return 1.0 / fps;
    }

    /** The model's vocabulary: the special tokens, then the caption words. */
    public List<String> vocabulary() {
        List<String> all = new ArrayList<>(specialTokens);
        all.addAll(words);
        return List.copyOf(all);
    }

    public Rgb background(String name) {
        Rgb c = backgrounds.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown background '" + name + "' (known: " + String.join(", ", backgrounds.keySet()) + ")");
        }
        return c;
    }

    public Rgb color(String name) {
        Rgb c = colors.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown colour '" + name + "' (known: " + String.join(", ", colors.keySet()) + ")");
        }
        return c;
    }
}
