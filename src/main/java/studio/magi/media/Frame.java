package studio.magi.media;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/** One RGB picture, 8 bits a channel, rows from the top. Immutable: the bytes are copied in and out. */
public final class Frame {
    private final int width;
    private final int height;
    private final byte[] rgb;

    private Frame(int width, int height, byte[] rgb) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** A frame from packed RGB bytes (3 per pixel, row by row). */
    public static Frame of(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a frame needs a positive size, got " + width + "x" + height);
        }
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB frame has " + width * height * 3
                    + " bytes, got " + rgb.length);
        }
        return new Frame(width, height, rgb.clone());
    }

    /** A frame of one colour. */
    public static Frame filled(int width, int height, int red, int green, int blue) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) red;
            rgb[i + 1] = (byte) green;
            rgb[i + 2] = (byte) blue;
        }
        return of(width, height, rgb);
    }

    /** A frame from an image of any type; alpha is dropped. */
    public static Frame of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[3 * i] = (byte) (argb[i] >> 16);
            rgb[3 * i + 1] = (byte) (argb[i] >> 8);
            rgb[3 * i + 2] = (byte) argb[i];
        }
        return new Frame(w, h, rgb);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int red(int x, int y) {
        return rgb[(y * width + x) * 3] & 0xFF;
    }

    public int green(int x, int y) {
        return rgb[(y * width + x) * 3 + 1] & 0xFF;
    }

    public int blue(int x, int y) {
        return rgb[(y * width + x) * 3 + 2] & 0xFF;
    }

    /** The pixel as 0xRRGGBB. */
    public int rgb(int x, int y) {
        int i = (y * width + x) * 3;
        return (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | rgb[i + 2] & 0xFF;
    }

    /** A copy of the packed RGB bytes. */
    public byte[] bytes() {
        return rgb.clone();
    }

    /** The sum over all pixels and channels of the squared difference to another frame of the same size. */
    public long squaredError(Frame other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("compare frames of one size: " + width + "x" + height + " and "
                    + other.width + "x" + other.height);
        }
        long sum = 0;
        for (int i = 0; i < rgb.length; i++) {
            int d = (rgb[i] & 0xFF) - (other.rgb[i] & 0xFF);
            sum += d * d;
        }
        return sum;
    }

    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] packed = new int[width * height];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = (rgb[3 * i] & 0xFF) << 16 | (rgb[3 * i + 1] & 0xFF) << 8 | rgb[3 * i + 2] & 0xFF;
        }
        image.setRGB(0, 0, width, height, packed, 0, width);
        return image;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.width == width && f.height == height && Arrays.equals(f.rgb, rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "Frame[" + width + "x" + height + "]";
    }
}
