package studio.magi.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import studio.magi.engine.Frames;
import studio.magi.engine.PictureFit;
import studio.magi.media.Clip;
import studio.magi.media.ClipReader;
import studio.magi.media.Frame;
import studio.magi.media.ImageFile;
import studio.magi.media.MediaException;

/**
 * The picture or video a shot starts from, read from the project's media and fitted to the model's size. A video's
 * start is its last whole chunks (the frames before them, less than a chunk, are left out), so the shot continues
 * from the video's very last frame.
 */
public final class ShotMedia {
    private ShotMedia() {
    }

    /** The SHA-256 of a media file: part of the content key of every chunk of a shot that starts from it. */
    public static String digest(Path file) throws IOException {
        MessageDigest sha = Keys.sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return Keys.hex(sha.digest());
    }

    /** The picture of an image start. */
    public static Frames picture(Path file, int width, int height) {
        return PictureFit.to(frames(List.of(ImageFile.read(file))), width, height);
    }

    /** The whole chunks at the end of a video start; a video shorter than a chunk is refused. */
    public static Frames prefix(Path file, int width, int height, int chunkFrames) {
        Clip clip = ClipReader.read(file);
        int whole = clip.size() / chunkFrames * chunkFrames;
        if (whole == 0) {
            throw new MediaException(file.getFileName() + ": the video is shorter than one chunk (" + clip.size()
                    + " frames; a chunk is " + chunkFrames + ")");
        }
        return PictureFit.to(frames(clip.frames().subList(clip.size() - whole, clip.size())), width, height);
    }

    private static Frames frames(List<Frame> list) {
        Frame first = list.get(0);
        List<byte[]> pictures = new ArrayList<>();
        for (Frame f : list) {
            if (f.width() != first.width() || f.height() != first.height()) {
                throw new MediaException("the video changes size between frames");
            }
            pictures.add(f.bytes());
        }
        return Frames.of(first.width(), first.height(), pictures);
    }
}
