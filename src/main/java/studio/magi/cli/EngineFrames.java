package studio.magi.cli;

import java.util.ArrayList;
import java.util.List;
import studio.magi.engine.Frames;
import studio.magi.media.Frame;

/** The engine's frames and the media layer's, one into the other. */
final class EngineFrames {
    private EngineFrames() {
    }

    static Frames of(List<Frame> frames) {
        List<byte[]> rgb = new ArrayList<>();
        for (Frame f : frames) {
            rgb.add(f.bytes());
        }
        return Frames.of(frames.get(0).width(), frames.get(0).height(), rgb);
    }

    static List<Frame> toMedia(Frames frames) {
        List<Frame> out = new ArrayList<>();
        for (int i = 0; i < frames.count(); i++) {
            out.add(Frame.of(frames.width(), frames.height(), frames.frame(i)));
        }
        return out;
    }
}
