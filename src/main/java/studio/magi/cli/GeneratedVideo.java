package studio.magi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import studio.magi.media.Frame;
import studio.magi.media.MediaException;
import studio.magi.media.Mp4Writer;

/**
 * Where generate's frames go, as each chunk arrives: the MP4, through an encoder opened before the first chunk, and the
 * PNG frames in DIR.part. Nothing waits in memory, so memory stays flat in the number of chunks. A run cut short (an
 * error, Ctrl+C) leaves nothing under the MP4's name, and its partial file is removed; the frames rendered so far stay
 * in DIR.part.
 */
final class GeneratedVideo implements AutoCloseable {
    /** The MP4's frame rate: a chunk is 24 frames, one second. */
    private static final int FPS = 24;

    private final Path mp4;
    private final Mp4Writer video;
    private final Path framesDir;
    private final FrameFolder folder;
    private final Thread interrupted;
    private int frames;

    private GeneratedVideo(Path mp4, Mp4Writer video, Path framesDir, FrameFolder folder) {
        this.mp4 = mp4;
        this.video = video;
        this.framesDir = framesDir;
        this.folder = folder;
        this.interrupted = video == null ? null : new Thread(video::close, "generate-interrupted");
        if (interrupted != null) {
            Runtime.getRuntime().addShutdownHook(interrupted);
        }
    }

    /** Opens the MP4 (when {@code mp4} is given) and creates DIR.part (when {@code framesDir} is). */
    static GeneratedVideo open(Path mp4, Path framesDir, int width, int height) {
        Mp4Writer video = null;
        try {
            video = mp4 == null ? null : Mp4Writer.open(mp4, width, height, FPS, Mp4Writer.DEFAULT_CRF);
            return new GeneratedVideo(mp4, video, framesDir, framesDir == null ? null : FrameFolder.create(framesDir));
        } catch (MediaException e) {
            throw new UserError(e.getMessage(), e);
        } catch (RuntimeException e) {
            if (video != null) {
                video.close();
            }
            throw e;
        }
    }

    void add(Frame f) {
        try {
            if (video != null) {
                video.add(f);
            }
        } catch (MediaException e) {
            throw new UserError(e.getMessage(), e);
        }
        if (folder != null) {
            folder.add(f);
        }
        frames++;
    }

    int frames() {
        return frames;
    }

    /** Where the frames so far are, for the progress line: " in DIR.part", or "". */
    String partial() {
        return folder == null ? "" : " in " + folder.partial();
    }

    /** The video is complete: the folder and the MP4 get their names. */
    void finish(PrintWriter out, int width, int height) {
        if (folder != null) {
            folder.finish();
            out.println("wrote " + framesDir + ": " + frames + " PNG frames");
        }
        if (video != null) {
            try {
                video.finish();
            } catch (MediaException e) {
                throw new UserError(e.getMessage(), e);
            }
            out.println("wrote " + mp4 + ": " + frames + " frames, " + width + "x" + height + ", " + FPS + " fps");
        }
    }

    /** Unfinished, the partial MP4 is removed (DIR.part stays); finished, nothing is left to do. */
    @Override
    public void close() {
        if (video != null) {
            video.close();
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it closes the video too.
            }
        }
    }
}
