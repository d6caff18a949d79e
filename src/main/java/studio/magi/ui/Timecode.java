package studio.magi.ui;

import studio.magi.project.Chunk;

/** A frame of the film as minutes:seconds:frames at 24 fps, the way editors read it. */
final class Timecode {
    private Timecode() {
    }

    /** "01:02:03"; built by hand rather than with String.format, which parses its pattern at each of 24 calls a second. */
    static String of(int frame) {
        int seconds = frame / Chunk.FPS;
        StringBuilder s = new StringBuilder(8);
        twoDigits(s, seconds / 60).append(':');
        twoDigits(s, seconds % 60).append(':');
        return twoDigits(s, frame % Chunk.FPS).toString();
    }

    private static StringBuilder twoDigits(StringBuilder s, int n) {
        return (n < 10 ? s.append('0') : s).append(n);
    }
}
