package studio.magi.media;

import java.util.List;

/** A run of same-sized frames at a frame rate: what is read from and written to video files and PNG folders. */
public record Clip(double fps, List<Frame> frames) {
    /** The frame rate of a PNG folder, which does not say its own. */
    public static final double DEFAULT_FPS = 24;

    public Clip {
        if (!(fps > 0)) {
            throw new IllegalArgumentException("a clip needs a positive frame rate, got " + fps);
        }
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one frame");
        }
        Frame first = frames.get(0);
        for (int i = 1; i < frames.size(); i++) {
            Frame f = frames.get(i);
            if (f.width() != first.width() || f.height() != first.height()) {
                throw new IllegalArgumentException("frame " + i + " is " + f.width() + "x" + f.height()
                        + ", frame 0 is " + first.width() + "x" + first.height());
            }
        }
    }

    public int width() {
        return frames.get(0).width();
    }

    public int height() {
        return frames.get(0).height();
    }

    public int size() {
        return frames.size();
    }

    public Frame frame(int index) {
        return frames.get(index);
    }
}
