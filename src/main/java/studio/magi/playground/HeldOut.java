package studio.magi.playground;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The held-out split (heldout-v1.json): colour x shape x motion triples and background x colour pairs that training
 * never shows in any chunk. Evaluation scenes show one in their first chunk.
 */
public record HeldOut(
        int version,
        String description,
        @JsonProperty("color_shape_motion") List<List<String>> colorShapeMotion,
        @JsonProperty("background_color") List<List<String>> backgroundColor) {

    private static final String RESOURCE = "/studio/magi/playground/heldout-v1.json";
    private static HeldOut standard;

    /** A held-out colour, shape and motion. */
    public record Triple(String color, Shape shape, Motion motion) {
    }

    /** A held-out background and object colour. */
    public record Pair(String background, String color) {
    }

    public HeldOut {
        colorShapeMotion = colorShapeMotion.stream().map(List::copyOf).toList();
        backgroundColor = backgroundColor.stream().map(List::copyOf).toList();
        for (List<String> t : colorShapeMotion) {
            if (t.size() != 3) {
                throw new IllegalArgumentException("a held-out triple is [colour, shape, motion], got " + t);
            }
            Shape.of(t.get(1));
            Motion.of(t.get(2));
        }
        for (List<String> p : backgroundColor) {
            if (p.size() != 2) {
                throw new IllegalArgumentException("a held-out pair is [background, colour], got " + p);
            }
        }
    }

    public static synchronized HeldOut standard() {
        if (standard == null) {
            try (InputStream in = HeldOut.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the class path");
                }
                standard = new ObjectMapper().readValue(in, HeldOut.class);
            } catch (IOException e) {
                throw new UncheckedIOException(RESOURCE + ": " + e.getMessage(), e);
            }
        }
        return standard;
    }

    public List<Triple> triples() {
        return colorShapeMotion.stream().map(t -> new Triple(t.get(0), Shape.of(t.get(1)), Motion.of(t.get(2)))).toList();
    }

    public List<Pair> pairs() {
        return backgroundColor.stream().map(p -> new Pair(p.get(0), p.get(1))).toList();
    }

    /** Whether this object, as a chunk shows it on this background, is a held-out combination. */
    public boolean holds(String background, ObjectState object) {
        return triples().contains(new Triple(object.color(), object.shape(), object.label()))
                || pairs().contains(new Pair(background, object.color()));
    }

    /** The chunks (by index) that show a held-out combination. */
    public Set<Integer> chunksShowing(Simulation simulation) {
        Set<Integer> out = new HashSet<>();
        List<ChunkState> chunks = simulation.chunks();
        for (int k = 0; k < chunks.size(); k++) {
            ChunkState c = chunks.get(k);
            for (ObjectState o : c.objects()) {
                if (holds(c.background(), o)) {
                    out.add(k);
                }
            }
        }
        return out;
    }
}
