package studio.magi.playground;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A colour of the world's palette, written [r, g, b] in JSON. */
public record Rgb(int r, int g, int b) {
    public Rgb {
        if (r < 0 || r > 255 || g < 0 || g > 255 || b < 0 || b > 255) {
            throw new IllegalArgumentException("a colour has channels 0..255, got [" + r + ", " + g + ", " + b + "]");
        }
    }

    @JsonCreator
    static Rgb of(int[] channels) {
        if (channels.length != 3) {
            throw new IllegalArgumentException("a colour is [r, g, b], got " + channels.length + " numbers");
        }
        return new Rgb(channels[0], channels[1], channels[2]);
    }

    @JsonValue
    int[] channels() {
        return new int[] {r, g, b};
    }
}
