package studio.magi.playground;

import java.util.List;

/** A simulated scene: every frame's state and every chunk's caption state. */
public record Simulation(SceneSpec spec, List<FrameState> frames, List<ChunkState> chunks) {
    public Simulation {
        frames = List.copyOf(frames);
        chunks = List.copyOf(chunks);
    }
}
