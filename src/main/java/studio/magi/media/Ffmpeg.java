package studio.magi.media;

import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's own log, errors only. It goes through Java's System.err, not straight to the process's stderr, so that the
 * command line can keep it off the console (in its log file); and its errors are counted, so that a reader can tell
 * whether its file decoded without one (FFmpeg reports a cut-off or damaged stream only there).
 */
final class Ffmpeg {
    private static final Log LOG = new Log();
    private static boolean quiet;

    private Ffmpeg() {
    }

    static synchronized void quiet() {
        if (!quiet) {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            avutil.setLogCallback(LOG);
            quiet = true;
        }
    }

    /** How many errors FFmpeg has reported so far. */
    static long errors() {
        return LOG.errors.get();
    }

    /** The last error FFmpeg reported, without its "[h264 @ 0x...]" context, or "" before the first. */
    static String lastError() {
        return LOG.last;
    }

    private static final class Log extends LogCallback {
        private final AtomicLong errors = new AtomicLong();
        private volatile String last = "";

        @Override
        public void call(int level, BytePointer message) {
            if (level > avutil.av_log_get_level()) {
                return;
            }
            String text = message.getString().strip();
            if (level <= avutil.AV_LOG_ERROR) {
                last = text.replaceFirst("^\\[[^]]*] *", "");
                errors.incrementAndGet();
            }
            System.err.println("ffmpeg: " + text);
        }
    }
}
