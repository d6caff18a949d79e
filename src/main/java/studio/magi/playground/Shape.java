package studio.magi.playground;

import com.fasterxml.jackson.annotation.JsonValue;

/** The shapes of the world. An object of radius r covers the pixels whose centres pass {@link #contains}. */
public enum Shape {
    CIRCLE("circle"),
    SQUARE("square"),
    /** Apex up at y - r, base down at y + r, as wide as it is tall. */
    TRIANGLE("triangle");

    private final String word;

    Shape(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    /**
     * Whether the point (px, py) lies in the shape centred at (x, y): the same double operations, in the same order,
     * as the Python mirror, so both sides draw the same pixels.
     */
    public boolean contains(double px, double py, double r, double x, double y) {
        double dx = px - x;
        double dy = py - y;
        switch (this) {
            case CIRCLE:
                return dx * dx + dy * dy <= r * r;
            case SQUARE:
                return Math.abs(dx) <= r && Math.abs(dy) <= r;
            default:
                double d = py - (y - r);
                return d >= 0.0 && py <= y + r && 2.0 * Math.abs(dx) <= d;
        }
    }

    /** How far the area centroid lies below the centre, in units of r (the triangle's is a third lower). */
    public double centroidDrop() {
        return this == TRIANGLE ? 1.0 / 3.0 : 0.0;
    }

    /** Area in units of r squared. */
    public double area() {
        switch (this) {
            case CIRCLE:
                return Math.PI;
            case SQUARE:
                return 4.0;
            default:
                return 2.0;
        }
    }

    public static Shape of(String word) {
        for (Shape s : values()) {
            if (s.word.equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown shape '" + word + "' (known: circle, square, triangle)");
    }

    @Override
    public String toString() {
        return word;
    }
}
