package studio.magi.media;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
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

    /**
     * One video at a time: FFmpeg reports a damaged or cut-off stream only in its log, which names no file, so the
     * errors it logs during a read must be that read's.
     */
    private static synchronized Clip readVideo(Path path) {
        Ffmpeg.quiet();
        long errorsBefore = Ffmpeg.errors();
        List<Frame> frames = new ArrayList<>();
        double fps;
        long declared;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(path.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            try {
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                throw new MediaException(path + ": not a video this program can read ("
                        + (Ffmpeg.errors() > errorsBefore ? Ffmpeg.lastError() : "FFmpeg cannot open it") + ")", e);
            }
            int w = grabber.getImageWidth();
            int h = grabber.getImageHeight();
            if (w <= 0 || h <= 0) {
                throw new MediaException(path + ": holds no video stream");
            }
            fps = grabber.getFrameRate();
            declared = declaredFrames(grabber.getFormatContext());
            // The frames are held as RGB bytes: a video that cannot fit in half the memory is refused, not decoded into it.
            long fit = Runtime.getRuntime().maxMemory() / 2 / (3L * w * h);
            if (declared > fit) {
                throw tooLarge(path, declared, w, h);
            }
            org.bytedeco.javacv.Frame grabbed;
            while ((grabbed = grabber.grabImage()) != null) {
                if (frames.size() == fit) {
                    throw tooLarge(path, frames.size() + 1, w, h);
                }
                frames.add(toFrame(grabbed));
            }
            grabber.stop();
        } catch (FrameGrabber.Exception e) {
            throw damaged(path, e.getMessage(), e);
        }
        if (Ffmpeg.errors() > errorsBefore) {
            throw damaged(path, Ffmpeg.lastError(), null);
        }
        if (frames.size() < declared) {
            throw damaged(path, frames.size() + " of its " + declared + " frames decode", null);
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

    /** The frames the container says its video stream holds (MP4 and MOV count them), or 0 where it does not say. */
    private static long declaredFrames(AVFormatContext format) {
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream stream = format.streams(i);
            if (stream.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                return Math.max(0, stream.nb_frames());
            }
        }
        return 0;
    }

    private static MediaException damaged(Path path, String why, Throwable cause) {
        return new MediaException(path + ": the video is damaged or cut short (" + why + "); it is not used", cause);
    }

    private static MediaException tooLarge(Path path, long frames, int w, int h) {
        return new MediaException(String.format(Locale.ROOT, "%s: %d frames of %dx%d (%d MB as pictures) do not fit in"
                + " half of this program's memory (%d MB); cut the video shorter or smaller", path, frames, w, h,
                frames * w * h * 3 >> 20, Runtime.getRuntime().maxMemory() >> 20));
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
