package studio.magi.cli;

import java.util.Locale;

/**
 * The frame size of the clips `playground render` and `corrupt` write: a clip is drawn whole in memory before it is
 * written, so its size is checked against the memory of the scenes drawn at once, before any folder is made.
 */
final class ClipSize {
    /** The largest side: far beyond the playground's 64-pixel scenes, and a frame H.264 encoders take. */
    static final int MAX = 4096;

    private ClipSize() {
    }

    /** {@code size}x{@code size} frames, {@code frames} a clip, {@code clipsAtOnce} clips in memory together. */
    static void check(String format, int size, long frames, int clipsAtOnce) {
        if (!format.equals("mp4") && !format.equals("png")) {
            throw new UserError("--format must be mp4 or png, got " + format);
        }
        Range.check("--size", size, 2, MAX);
        if (format.equals("mp4") && size % 2 != 0) {
            throw new UserError("--size must be even for mp4 (H.264 halves the colour resolution), got " + size);
        }
        long bytes = 3L * size * size * frames * clipsAtOnce;
        long memory = Runtime.getRuntime().maxMemory();
        if (bytes > memory / 2) {
            throw new UserError(String.format(Locale.ROOT, "--size %d: %d clip%s of %d frames at %dx%d, %d MB in"
                    + " memory, is more than half of this program's %d MB; give a smaller --size or fewer --chunks", size, clipsAtOnce,
                    clipsAtOnce == 1 ? "" : "s", frames, size, size, bytes >> 20, memory >> 20));
        }
    }
}
