package studio.magi.media;

import java.io.IOException;
import java.util.List;

/** Debian's ffmpeg command-line tools, which tests use to make videos and to read back what was really written. */
public final class FfmpegTools {
    private FfmpegTools() {
    }

    /**
     * Starts {@code ffmpeg} or {@code ffprobe}, stderr merged into stdout. Where the tool is missing the test fails
     * with one line naming the package, rather than skipping green: ./run-tests installs it.
     */
    public static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " cannot be started (" + e.getMessage()
                    + "): install Debian's ffmpeg package (./run-tests does)");
        }
    }
}
