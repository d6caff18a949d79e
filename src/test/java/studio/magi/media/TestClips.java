package studio.magi.media;

import java.util.ArrayList;
import java.util.List;

/** Small clips for tests: a gray field with a red square moving right, one pixel a frame. */
public final class TestClips {
    private TestClips() {
    }

    public static Clip movingSquare(int width, int height, int frames) {
        List<Frame> out = new ArrayList<>();
        int side = Math.max(2, height / 4);
        for (int f = 0; f < frames; f++) {
            byte[] rgb = new byte[width * height * 3];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int p = (y * width + x) * 3;
                    boolean inside = x >= f % width && x < f % width + side && y >= height / 3 && y < height / 3 + side;
                    rgb[p] = (byte) (inside ? 230 : 128);
                    rgb[p + 1] = (byte) (inside ? 40 : 128);
                    rgb[p + 2] = (byte) (inside ? 40 : 128);
                }
            }
            out.add(Frame.of(width, height, rgb));
        }
        return new Clip(24, out);
    }
}
