package studio.magi.playground;

import java.util.List;

/** What one frame shows: the background and the objects, drawn in this order. */
public record FrameState(String background, List<BodyState> bodies) {
    public FrameState {
        bodies = List.copyOf(bodies);
    }
}
