package studio.magi.playground;

/** An object as one frame shows it: look, radius and centre (frame units, y down). */
public record BodyState(Shape shape, String color, double radius, double x, double y) {
}
