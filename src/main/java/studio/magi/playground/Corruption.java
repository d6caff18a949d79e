package studio.magi.playground;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import studio.magi.media.Clip;
import studio.magi.media.Frame;

/**
 * Deliberately wrong versions of a scene's video, to prove the metrics can fail: each breaks one thing a viewer
 * would notice and keeps the rest.
 */
public enum Corruption {
    /** Every pixel random. */
    NOISE("noise"),
    /** Every object in a colour no object of the frame has. */
    COLOR("color"),
    /** Circles drawn as squares, squares as triangles, triangles as circles. */
    SHAPE("shape"),
    /** Black drawn as white, white as gray, gray as black. */
    BACKGROUND("background"),
    /** The first frame, held for the whole clip. */
    FROZEN("frozen"),
    /** Every other chunk drawn a quarter of the frame to the side, so objects jump at every boundary. */
    JUMP("jump");

    private static final double JUMP_OFFSET = 0.25;

    private final String word;

    Corruption(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Corruption of(String word) {
        for (Corruption c : values()) {
            if (c.word.equals(word)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown corruption '" + word + "'");
    }

    public Clip apply(Simulation truth, World world, int width, int height, long seed) {
        Renderer renderer = new Renderer(world);
        List<FrameState> states = truth.frames();
        switch (this) {
            case NOISE: {
                Random random = new Random(seed);
                List<Frame> frames = new ArrayList<>();
                for (int f = 0; f < states.size(); f++) {
                    byte[] rgb = new byte[width * height * 3];
                    random.nextBytes(rgb);
                    frames.add(Frame.of(width, height, rgb));
                }
                return new Clip(world.fps(), frames);
            }
            case FROZEN: {
                Frame first = renderer.render(states.get(0), width, height);
                return new Clip(world.fps(), Collections.nCopies(states.size(), first));
            }
            default: {
                List<FrameState> changed = new ArrayList<>();
                int chunkFrames = world.chunkFrames();
                for (int f = 0; f < states.size(); f++) {
                    FrameState chunkStart = states.get(f - f % chunkFrames);
                    boolean shifted = (f / chunkFrames) % 2 == 1;
                    changed.add(change(states.get(f), chunkStart, shifted, world));
                }
                return renderer.render(changed, width, height);
            }
        }
    }

    private FrameState change(FrameState s, FrameState chunkStart, boolean shifted, World world) {
        if (this == BACKGROUND) {
            List<String> names = new ArrayList<>(world.backgrounds().keySet());
            return new FrameState(names.get((names.indexOf(s.background()) + 1) % names.size()), s.bodies());
        }
        List<String> free = new ArrayList<>(world.colors().keySet());
        s.bodies().forEach(b -> free.remove(b.color()));
        List<BodyState> bodies = new ArrayList<>();
        for (int i = 0; i < s.bodies().size(); i++) {
            BodyState b = s.bodies().get(i);
            switch (this) {
                case COLOR -> bodies.add(new BodyState(b.shape(), free.get(i % free.size()), b.radius(), b.x(), b.y()));
                case SHAPE -> bodies.add(new BodyState(Shape.values()[(b.shape().ordinal() + 1) % Shape.values().length], b.color(),
                        b.radius(), b.x(), b.y()));
                default -> {
                    double dx = !shifted ? 0 : chunkStart.bodies().get(i).x() < 0.5 ? JUMP_OFFSET : -JUMP_OFFSET;
                    bodies.add(new BodyState(b.shape(), b.color(), b.radius(), b.x() + dx, b.y()));
                }
            }
        }
        return new FrameState(s.background(), bodies);
    }

    @Override
    public String toString() {
        return word;
    }
}
