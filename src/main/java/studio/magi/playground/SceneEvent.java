package studio.magi.playground;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A change at the start of a chunk: an object turns a colour, an object starts a motion (at a speed, for sliding
 * and rising), or the background turns another colour.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SceneEvent(
        @JsonProperty(required = true) int chunk,
        @JsonProperty(required = true) Type type,
        Integer object,
        String color,
        String background,
        Motion motion,
        Double speed) {

    /** What an event changes. */
    public enum Type {
        COLOR("color"),
        BACKGROUND("background"),
        MOTION("motion");

        private final String word;

        Type(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }

        @Override
        public String toString() {
            return word;
        }
    }

    public static SceneEvent color(int chunk, int object, String color) {
        return new SceneEvent(chunk, Type.COLOR, object, color, null, null, null);
    }

    public static SceneEvent background(int chunk, String background) {
        return new SceneEvent(chunk, Type.BACKGROUND, null, null, background, null, null);
    }

    public static SceneEvent motion(int chunk, int object, Motion motion, double speed) {
        return new SceneEvent(chunk, Type.MOTION, object, null, null, motion, speed);
    }

    public double speedOrZero() {
        return speed == null ? 0.0 : speed;
    }
}
