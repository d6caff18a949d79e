package studio.magi.playground;

import java.util.ArrayList;
import java.util.List;
import studio.magi.media.Clip;
import studio.magi.media.Frame;

/**
 * Draws frame states as RGB frames of any size. Pixel (i, j) belongs to a shape when its centre ((j + 0.5) / width,
 * (i + 0.5) / height) is inside ({@link Shape#contains}); later objects cover earlier ones.
 */
public final class Renderer {
    public static final int DEFAULT_SIZE = 64;

    private final World world;

    public Renderer(World world) {
        this.world = world;
    }

    /** The world's frame rate, at which clips are played. */
    public int fps() {
        return world.fps();
    }

    public Clip render(Simulation simulation, int width, int height) {
        return render(simulation.frames(), width, height);
    }

    public Clip render(List<FrameState> states, int width, int height) {
        List<Frame> frames = new ArrayList<>(states.size());
        for (FrameState s : states) {
            frames.add(render(s, width, height));
        }
        return new Clip(world.fps(), frames);
    }

    public Frame render(FrameState state, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a frame needs a positive size, got " + width + "x" + height);
        }
        byte[] rgb = new byte[width * height * 3];
        Rgb bg = world.background(state.background());
        for (int p = 0; p < rgb.length; p += 3) {
            rgb[p] = (byte) bg.r();
            rgb[p + 1] = (byte) bg.g();
            rgb[p + 2] = (byte) bg.b();
        }
        for (BodyState b : state.bodies()) {
            Rgb c = world.color(b.color());
            forEachPixel(b, width, height, (i, j) -> {
                int p = (i * width + j) * 3;
                rgb[p] = (byte) c.r();
                rgb[p + 1] = (byte) c.g();
                rgb[p + 2] = (byte) c.b();
            });
        }
        return Frame.of(width, height, rgb);
    }

    /** Pixel (row, column) visitor. */
    @FunctionalInterface
    public interface PixelVisitor {
        void visit(int row, int column);
    }

    /**
     * Visits the pixels the body covers. Only a box one pixel wider than the shape is tested; every pixel outside it
     * is farther than r from the centre on some axis and so outside every shape.
     */
    public static void forEachPixel(BodyState b, int width, int height, PixelVisitor visitor) {
        double r = b.radius();
        int j0 = Math.max(0, (int) Math.floor((b.x() - r) * width) - 1);
        int j1 = Math.min(width - 1, (int) Math.ceil((b.x() + r) * width) + 1);
        int i0 = Math.max(0, (int) Math.floor((b.y() - r) * height) - 1);
        int i1 = Math.min(height - 1, (int) Math.ceil((b.y() + r) * height) + 1);
        for (int i = i0; i <= i1; i++) {
            double py = (i + 0.5) / height;
            for (int j = j0; j <= j1; j++) {
                double px = (j + 0.5) / width;
                if (b.shape().contains(px, py, r, b.x(), b.y())) {
                    visitor.visit(i, j);
                }
            }
        }
    }
}
