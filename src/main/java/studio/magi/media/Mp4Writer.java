package studio.magi.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/** Writes a clip as an H.264 MP4 (libx264, yuv420p) at the clip's frame rate. */
public final class Mp4Writer {
    /** x264's constant-rate factor: 0 is lossless in YUV, 23 its default; low values keep flat colours and edges. */
    public static final int DEFAULT_CRF = 12;

    private Mp4Writer() {
    }

    public static void write(Clip clip, Path file) {
        write(clip, file, DEFAULT_CRF);
    }

    /**
     * Encodes to a new hidden sibling ({@link Staging}), then renames it over {@code file}, so a reader never sees half a
     * video. yuv420p halves the chroma resolution, so the width and height must be even.
     */
    public static void write(Clip clip, Path file, int crf) {
        int w = clip.width();
        int h = clip.height();
        if (w % 2 != 0 || h % 2 != 0) {
            throw new MediaException(file + ": H.264 (yuv420p) needs an even width and height, the clip is " + w + "x" + h);
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
        try {
            try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(partial.toFile(), w, h, 0)) {
                recorder.setFormat("mp4");
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                recorder.setVideoCodecName("libx264");
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setFrameRate(clip.fps());
                recorder.setVideoOption("crf", Integer.toString(crf));
                recorder.setVideoOption("preset", "medium");
                recorder.start();
                org.bytedeco.javacv.Frame frame = new org.bytedeco.javacv.Frame(w, h, org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3);
                ByteBuffer buffer = (ByteBuffer) frame.image[0];
                int stride = frame.imageStride;
                for (Frame f : clip.frames()) {
                    byte[] rgb = f.bytes();
                    for (int y = 0; y < h; y++) {
                        buffer.position(y * stride);
                        buffer.put(rgb, y * w * 3, w * 3);
                    }
                    buffer.rewind();
                    recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
                }
                recorder.stop();
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Staging.remove(partial);
            throw new MediaException(file + ": cannot write the MP4 (" + e.getMessage() + ")", e);
        }
    }
}
