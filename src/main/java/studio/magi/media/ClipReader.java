package studio.magi.media;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/** Reads a video file (anything FFmpeg decodes: MP4, MOV, WebM...) or a folder of PNG frames into RGB frames. */
public final class ClipReader {
    private ClipReader() {
    }

    /** A folder is read as a PNG sequence, a file as a video. */
    public static Clip read(Path path) {
        if (Files.isDirectory(path)) {
            return PngSequence.read(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new MediaException(path + ": no such file");
        }
        if (!Files.isReadable(path)) {
            throw new MediaException(path + ": not readable");
        }
        return readVideo(path);
    }

    private static Clip readVideo(Path path) {
        Ffmpeg.quiet();
        List<Frame> frames = new ArrayList<>();
        double fps;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(path.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            grabber.start();
            if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
                throw new MediaException(path + ": holds no video stream");
            }
            fps = grabber.getFrameRate();
            org.bytedeco.javacv.Frame grabbed;
            while ((grabbed = grabber.grabImage()) != null) {
                frames.add(toFrame(grabbed));
            }
            grabber.stop();
        } catch (FrameGrabber.Exception e) {
            throw new MediaException(path + ": not a readable video (" + e.getMessage() + ")", e);
        }
        if (frames.isEmpty()) {
            throw new MediaException(path + ": the video has no frames");
        }
        try {
            return new Clip(fps > 0 ? fps : Clip.DEFAULT_FPS, frames);
        } catch (IllegalArgumentException e) {
            throw new MediaException(path + ": " + e.getMessage(), e);
        }
    }

    private static Frame toFrame(org.bytedeco.javacv.Frame grabbed) {
        int w = grabbed.imageWidth;
        int h = grabbed.imageHeight;
        int stride = grabbed.imageStride;
        ByteBuffer buffer = (ByteBuffer) grabbed.image[0];
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            buffer.position(y * stride);
            buffer.get(rgb, y * w * 3, w * 3);
        }
        return Frame.of(w, h, rgb);
    }
}
