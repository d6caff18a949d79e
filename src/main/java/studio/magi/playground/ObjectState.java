package studio.magi.playground;

/** An object as a chunk's caption names it, at the chunk's start: look, size word and motion label. */
public record ObjectState(Shape shape, String color, String size, Motion label) {
}
