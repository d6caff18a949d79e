package studio.magi.ui;

import studio.magi.project.Chunk;

/** A frame of the film as minutes:seconds:frames at 24 fps, the way editors read it. */
final class Timecode {
    private Timecode() {
    }

    static String of(int frame) {
        int seconds = frame / Chunk.FPS;
        return String.format("%02d:%02d:%02d", seconds / 60, seconds % 60, frame % Chunk.FPS);
    }
}
