package studio.magi.playground;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An object as a scene starts: its look, size (a word for captions and the radius in frame units), centre,
 * velocity (frame units per second, y pointing down), motion and floor restitution.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SceneObject(
        @JsonProperty(required = true) Shape shape,
        @JsonProperty(required = true) String color,
        @JsonProperty(required = true) String size,
        @JsonProperty(required = true) double radius,
        @JsonProperty(required = true) double x,
        @JsonProperty(required = true) double y,
        @JsonProperty(required = true) double vx,
        @JsonProperty(required = true) double vy,
        @JsonProperty(required = true) Motion motion,
        Double restitution) {

    /** The floor restitution of bouncing, 1 (no loss) when the spec leaves it out. */
    public double restitutionOrDefault() {
        return restitution == null ? 1.0 : restitution;
    }
}
