package studio.magi.playground;

import java.util.ArrayList;
import java.util.List;
import studio.magi.media.Clip;
import studio.magi.media.Frame;

/**
 * Reference continuations every metric is reported beside. Each keeps the given prefix and fills the rest of the
 * clip: with the truth itself, with the prefix's last frame, or with the prefix's last objects moved on at the
 * velocity of its last two frames (they may leave the frame; the background and looks stay as they were).
 */
public enum Baseline {
    TRUTH("truth"),
    COPY_LAST("copy_last"),
    CONSTANT_VELOCITY("constant_velocity");

    private final String key;

    Baseline(String key) {
        this.key = key;
    }

    /** The name in eval's JSON. */
    public String key() {
        return key;
    }

    /** Whether the baseline exists for this prefix length: continuing needs a prefix. */
    public boolean needsPrefix() {
        return this != TRUTH;
    }

    /** The baseline clip of a simulated scene at this size; {@code prefixFrames} frames are the given prefix. */
    public Clip clip(Simulation truth, Renderer renderer, int width, int height, int prefixFrames) {
        List<FrameState> states = truth.frames();
        if (this == TRUTH) {
            return renderer.render(states, width, height);
        }
        if (prefixFrames < 2 && this == CONSTANT_VELOCITY || prefixFrames < 1) {
            throw new IllegalArgumentException(key + " needs a prefix of at least " + (this == CONSTANT_VELOCITY ? 2 : 1) + " frames");
        }
        List<Frame> frames = new ArrayList<>(renderer.render(states.subList(0, prefixFrames), width, height).frames());
        FrameState last = states.get(prefixFrames - 1);
        if (this == COPY_LAST) {
            Frame held = frames.get(prefixFrames - 1);
            while (frames.size() < states.size()) {
                frames.add(held);
            }
        } else {
            FrameState before = states.get(prefixFrames - 2);
            for (int m = 1; frames.size() < states.size(); m++) {
                List<BodyState> moved = new ArrayList<>();
                for (int i = 0; i < last.bodies().size(); i++) {
                    BodyState b = last.bodies().get(i);
                    BodyState a = before.bodies().get(i);
                    moved.add(new BodyState(b.shape(), b.color(), b.radius(), b.x() + m * (b.x() - a.x()), b.y() + m * (b.y() - a.y())));
                }
                frames.add(renderer.render(new FrameState(last.background(), moved), width, height));
            }
        }
        return new Clip(renderer.fps(), frames);
    }
}
