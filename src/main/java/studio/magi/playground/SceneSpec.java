package studio.magi.playground;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A scene: everything the simulation needs, as JSON shared with the Python mirror (docs/PLAYGROUND.md). Captions
 * are an output, written beside the rest for readers; they are not read back into the simulation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SceneSpec(
        @JsonProperty(required = true) int version,
        @JsonProperty(required = true) int chunks,
        @JsonProperty(required = true) String background,
        @JsonProperty(required = true) List<SceneObject> objects,
        @JsonProperty("collision_restitution") Double collisionRestitution,
        List<SceneEvent> events,
        List<String> captions) {

    public static final int VERSION = 1;
    public static final int MAX_OBJECTS = 2;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public SceneSpec {
        objects = objects == null ? null : List.copyOf(objects);
        events = events == null ? List.of() : List.copyOf(events);
        captions = captions == null ? null : List.copyOf(captions);
    }

    /** Restitution of collisions between objects, 1 (elastic) when left out. */
    public double collisionRestitutionOrDefault() {
        return collisionRestitution == null ? 1.0 : collisionRestitution;
    }

    public SceneSpec withCaptions(List<String> newCaptions) {
        return new SceneSpec(version, chunks, background, objects, collisionRestitution, events, newCaptions);
    }

    public SceneSpec withEvents(List<SceneEvent> newEvents) {
        return new SceneSpec(version, chunks, background, objects, collisionRestitution, newEvents, captions);
    }

    public SceneSpec withChunks(int newChunks) {
        return new SceneSpec(version, newChunks, background, objects, collisionRestitution, events, captions);
    }

    /** Reads and validates a spec file. */
    public static SceneSpec read(Path file, World world) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidSceneException(file + ": cannot read the scene spec (" + e.getMessage() + ")", e);
        }
        try {
            return parse(text, world);
        } catch (InvalidSceneException e) {
            throw new InvalidSceneException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates spec JSON. */
    public static SceneSpec parse(String json, World world) {
        SceneSpec spec;
        try {
            spec = JSON.readValue(json, SceneSpec.class);
        } catch (JsonProcessingException e) {
            throw new InvalidSceneException(describe(e), e);
        }
        if (spec == null) {
            throw new InvalidSceneException("empty scene spec");
        }
        spec.validate(world);
        return spec;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a scene spec always serialises", e);
        }
    }

    /** Writes the spec to a temporary sibling and renames it, so the file is whole or absent. */
    public void write(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path partial = target.resolveSibling("." + target.getFileName() + ".part");
        Files.writeString(partial, toJson() + "\n", StandardCharsets.UTF_8);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Checks every field against the world; throws with a message naming the field. */
    public void validate(World world) {
        List<String> problems = new ArrayList<>();
        if (version != VERSION) {
            problems.add("version must be " + VERSION + ", got " + version);
        }
        if (chunks < 1) {
            problems.add("chunks must be at least 1, got " + chunks);
        }
        if (background == null || !world.backgrounds().containsKey(background)) {
            problems.add("background must be one of " + world.backgrounds().keySet() + ", got " + quoted(background));
        }
        if (collisionRestitution != null && !(collisionRestitution >= 0 && collisionRestitution <= 1)) {
            problems.add("collision_restitution must be within [0, 1], got " + collisionRestitution);
        }
        List<String> colors = new ArrayList<>();
        if (objects == null || objects.isEmpty() || objects.size() > MAX_OBJECTS) {
            problems.add("objects must hold 1 or " + MAX_OBJECTS + " objects, got " + (objects == null ? "none" : objects.size()));
        } else {
            for (int i = 0; i < objects.size(); i++) {
                validateObject(world, "objects[" + i + "]", objects.get(i), problems);
                colors.add(objects.get(i).color());
            }
            if (new HashSet<>(colors).size() != colors.size()) {
                problems.add("objects must have different colours, got " + colors);
            }
        }
        validateEvents(world, colors, problems);
        if (captions != null && captions.size() != chunks) {
            problems.add("captions must hold one caption a chunk (" + chunks + "), got " + captions.size());
        }
        if (!problems.isEmpty()) {
            throw new InvalidSceneException(String.join("; ", problems));
        }
    }

    private static void validateObject(World world, String where, SceneObject o, List<String> problems) {
        if (o == null) {
            problems.add(where + " is null");
            return;
        }
        if (o.shape() == null) {
            problems.add(where + ".shape is missing");
        }
        if (o.color() == null || !world.colors().containsKey(o.color())) {
            problems.add(where + ".color must be one of " + world.colors().keySet() + ", got " + quoted(o.color()));
        }
        if (o.size() == null || !world.sizes().containsKey(o.size())) {
            problems.add(where + ".size must be one of " + world.sizes().keySet() + ", got " + quoted(o.size()));
        }
        if (!(o.radius() > 0 && o.radius() < 0.5)) {
            problems.add(where + ".radius must be within (0, 0.5), got " + o.radius());
        } else {
            double r = o.radius();
            if (!(o.x() >= r && o.x() <= 1 - r && o.y() >= r && o.y() <= 1 - r)) {
                problems.add(where + " must start inside the frame: x and y within [radius, 1 - radius], got ("
                        + o.x() + ", " + o.y() + ")");
            }
        }
        if (!Double.isFinite(o.vx()) || !Double.isFinite(o.vy())) {
            problems.add(where + " needs a finite velocity");
        }
        if (o.motion() == null) {
            problems.add(where + ".motion is missing");
        }
        if (o.restitution() != null && !(o.restitution() >= 0 && o.restitution() <= 1)) {
            problems.add(where + ".restitution must be within [0, 1], got " + o.restitution());
        }
    }

    private void validateEvents(World world, List<String> startColors, List<String> problems) {
        List<String> colors = new ArrayList<>(startColors);
        Set<Integer> seen = new HashSet<>();
        List<SceneEvent> ordered = events.stream().sorted(Comparator.comparingInt(SceneEvent::chunk)).toList();
        for (SceneEvent e : ordered) {
            String where = "event at chunk " + e.chunk();
            if (e.chunk() < 1 || e.chunk() >= Math.max(chunks, 1)) {
                problems.add(where + ": an event changes a chunk boundary, so its chunk must be within 1.." + (chunks - 1));
                continue;
            }
            if (!seen.add(e.chunk())) {
                problems.add(where + ": one event a chunk (a chunk has one prompt)");
                continue;
            }
            if (e.type() == null) {
                problems.add(where + ": type must be color, background or motion");
                continue;
            }
            if (e.type() == SceneEvent.Type.BACKGROUND) {
                if (e.background() == null || !world.backgrounds().containsKey(e.background())) {
                    problems.add(where + ": background must be one of " + world.backgrounds().keySet() + ", got " + quoted(e.background()));
                }
                continue;
            }
            if (e.object() == null || e.object() < 0 || e.object() >= colors.size()) {
                problems.add(where + ": object must index the objects (0.." + (colors.size() - 1) + "), got " + e.object());
                continue;
            }
            if (e.type() == SceneEvent.Type.COLOR) {
                if (e.color() == null || !world.colors().containsKey(e.color())) {
                    problems.add(where + ": color must be one of " + world.colors().keySet() + ", got " + quoted(e.color()));
                } else if (colors.contains(e.color())) {
                    problems.add(where + ": object " + e.object() + " cannot turn " + e.color() + ", an object already is");
                } else {
                    colors.set(e.object(), e.color());
                }
            } else if (e.motion() == null) {
                problems.add(where + ": motion is missing");
            } else if ((e.motion().isSliding() || e.motion() == Motion.RISING) && !(e.speedOrZero() > 0)) {
                problems.add(where + ": " + e.motion() + " needs a speed above 0, got " + e.speed());
            } else if (e.speed() != null && !(e.speed() >= 0 && Double.isFinite(e.speed()))) {
                problems.add(where + ": speed must be 0 or more, got " + e.speed());
            }
        }
    }

    private static String quoted(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    private static String describe(JsonProcessingException e) {
        StringBuilder out = new StringBuilder(e.getOriginalMessage().split("\n")[0]);
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            out.append(" at ").append(pathOf(m));
        }
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            out.append(" (line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr()).append(")");
        }
        return out.toString();
    }

    private static String pathOf(JsonMappingException m) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
