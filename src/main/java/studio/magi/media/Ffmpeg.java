package studio.magi.media;

import org.bytedeco.ffmpeg.global.avutil;

/** FFmpeg's own logging prints per-file statistics to stderr; only errors are worth a user's attention. */
final class Ffmpeg {
    private static boolean quiet;

    private Ffmpeg() {
    }

    static synchronized void quiet() {
        if (!quiet) {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            quiet = true;
        }
    }
}
