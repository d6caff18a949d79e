package studio.magi.engine;

import java.util.Arrays;
import java.util.List;

/** Same-sized RGB pictures, 8 bits a channel, rows from the top, packed one after the other. */
public final class Frames {
    private final int width;
    private final int height;
    private final int count;
    private final byte[] rgb;

    private Frames(int width, int height, int count, byte[] rgb) {
        this.width = width;
        this.height = height;
        this.count = count;
        this.rgb = rgb;
    }

    /** {@code count} pictures of width x height from packed RGB bytes (copied). */
    public static Frames of(int width, int height, int count, byte[] rgb) {
        if (width <= 0 || height <= 0 || count <= 0) {
            throw new IllegalArgumentException("frames need a positive size and count, got " + count + " of " + width + "x" + height);
        }
        if (rgb.length != (long) width * height * 3 * count) {
            throw new IllegalArgumentException(count + " RGB frames of " + width + "x" + height + " take "
                    + (long) width * height * 3 * count + " bytes, got " + rgb.length);
        }
        return new Frames(width, height, count, rgb.clone());
    }

    /** Pictures given one packed RGB array each (copied). */
    public static Frames of(int width, int height, List<byte[]> pictures) {
        int size = width * height * 3;
        byte[] all = new byte[size * pictures.size()];
        for (int i = 0; i < pictures.size(); i++) {
            if (pictures.get(i).length != size) {
                throw new IllegalArgumentException("frame " + i + " has " + pictures.get(i).length + " bytes, a "
                        + width + "x" + height + " RGB frame has " + size);
            }
            System.arraycopy(pictures.get(i), 0, all, i * size, size);
        }
        return new Frames(width, height, pictures.size(), all);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int count() {
        return count;
    }

    /** A copy of picture i's packed RGB bytes. */
    public byte[] frame(int i) {
        int size = width * height * 3;
        return Arrays.copyOfRange(rgb, i * size, (i + 1) * size);
    }

    /** A copy of all bytes, picture after picture. */
    public byte[] bytes() {
        return rgb.clone();
    }

    /** Pictures from..to-1. */
    public Frames range(int from, int to) {
        int size = width * height * 3;
        return new Frames(width, height, to - from, Arrays.copyOfRange(rgb, from * size, to * size));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frames f && f.width == width && f.height == height && f.count == count && Arrays.equals(f.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return count + " frames of " + width + "x" + height;
    }
}
