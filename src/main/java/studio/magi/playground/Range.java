package studio.magi.playground;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Random;

/** A closed interval of the physics table, written [min, max] in JSON. */
public record Range(double min, double max) {
    public Range {
        if (!(min <= max)) {
            throw new IllegalArgumentException("a range needs min <= max, got [" + min + ", " + max + "]");
        }
    }

    @JsonCreator
    static Range of(double[] bounds) {
        if (bounds.length != 2) {
            throw new IllegalArgumentException("a range is [min, max], got " + bounds.length + " numbers");
        }
        return new Range(bounds[0], bounds[1]);
    }

    @JsonValue
    double[] bounds() {
        return new double[] {min, max};
    }

    double draw(Random random) {
        return min + (max - min) * random.nextDouble();
    }
}
