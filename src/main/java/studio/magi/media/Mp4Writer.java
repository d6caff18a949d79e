package studio.magi.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Writes an H.264 MP4 (libx264, yuv420p), frame by frame as the frames arrive, so that a long video never waits in
 * memory. The frames go to a new hidden sibling ({@link Staging}) that {@link #finish} renames to the asked name, so a
 * reader never sees half a video; a writer closed unfinished removes it, so a run cut short leaves nothing under the
 * asked name.
 */
public final class Mp4Writer implements AutoCloseable {
    /** x264's constant-rate factor: 0 is lossless in YUV, 23 its default; low values keep flat colours and edges. */
    public static final int DEFAULT_CRF = 12;

    private final Path target;
    private final Path partial;
    private final FFmpegFrameRecorder recorder;
    private final org.bytedeco.javacv.Frame buffer;
    private int frames;
    private boolean open = true;

    private Mp4Writer(Path target, Path partial, FFmpegFrameRecorder recorder, int width, int height) {
        this.target = target;
        this.partial = partial;
        this.recorder = recorder;
        this.buffer = new org.bytedeco.javacv.Frame(width, height, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3);
    }

    public static void write(Clip clip, Path file) {
        write(clip, file, DEFAULT_CRF);
    }

    /** The whole clip at its frame rate. */
    public static void write(Clip clip, Path file, int crf) {
        try (Mp4Writer writer = open(file, clip.width(), clip.height(), clip.fps(), crf)) {
            for (Frame f : clip.frames()) {
                writer.add(f);
            }
            writer.finish();
        }
    }

    /**
     * Starts a video of frames of one size at {@code fps}. yuv420p halves the chroma resolution, so the width and height
     * must be even. The encoder is opened here: a place that cannot take the file is refused before any frame is made.
     */
    public static Mp4Writer open(Path file, int width, int height, double fps, int crf) {
        if (width % 2 != 0 || height % 2 != 0) {
            throw new MediaException(file + ": H.264 (yuv420p) needs an even width and height, the video is " + width + "x"
                    + height);
        }
        Ffmpeg.quiet();
        Path target = file.toAbsolutePath();
        Path partial;
        try {
            Files.createDirectories(target.getParent());
            partial = Staging.newFile(target, "");
        } catch (IOException e) {
            throw new MediaException(file + ": cannot write the MP4 (" + e.getMessage() + ")", e);
        }
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(partial.toFile(), width, height, 0);
        recorder.setFormat("mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setVideoCodecName("libx264");
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setVideoOption("crf", Integer.toString(crf));
        recorder.setVideoOption("preset", "medium");
        try {
            recorder.start();
        } catch (IOException e) {
            release(recorder);
            Staging.remove(partial);
            throw new MediaException(file + ": cannot write the MP4 (" + e.getMessage() + ")", e);
        }
        return new Mp4Writer(file, partial, recorder, width, height);
    }

    /** Encodes the next frame (of the size the video was opened with). */
    public synchronized void add(Frame f) {
        if (!open) {
            throw new IllegalStateException(target + ": the MP4 is closed");
        }
        if (f.width() != buffer.imageWidth || f.height() != buffer.imageHeight) {
            throw new MediaException(target + ": frame " + frames + " is " + f.width() + "x" + f.height() + ", the video is "
                    + buffer.imageWidth + "x" + buffer.imageHeight);
        }
        byte[] rgb = f.bytes();
        ByteBuffer pixels = (ByteBuffer) buffer.image[0];
        int rowBytes = f.width() * 3;
        for (int y = 0; y < f.height(); y++) {
            pixels.position(y * buffer.imageStride);
            pixels.put(rgb, y * rowBytes, rowBytes);
        }
        pixels.rewind();
        try {
            recorder.record(buffer, avutil.AV_PIX_FMT_RGB24);
        } catch (IOException e) {
            throw new MediaException(target + ": cannot write the MP4 (" + e.getMessage() + ")", e);
        }
        frames++;
    }

    /** Frames added so far. */
    public synchronized int frames() {
        return frames;
    }

    /** Ends the video and gives it its name (an existing file there is replaced). */
    public synchronized void finish() {
        if (!open) {
            throw new IllegalStateException(target + ": the MP4 is closed");
        }
        try {
            recorder.stop();
            recorder.release();
            open = false;
            Files.move(partial, target.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MediaException(target + ": cannot write the MP4 (" + e.getMessage() + ")", e);
        } finally {
            close();
        }
    }

    /** Unfinished: the encoder is stopped and the partial file removed. Finished: nothing to do. */
    @Override
    public synchronized void close() {
        if (open) {
            open = false;
            release(recorder);
        }
        Staging.remove(partial);
    }

    private static void release(FFmpegFrameRecorder recorder) {
        try {
            recorder.release();
        } catch (IOException ignored) {
            // The file is removed next; the error that brought us here is the one worth reporting.
        }
    }
}
