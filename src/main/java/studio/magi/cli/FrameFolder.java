package studio.magi.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import javax.imageio.ImageIO;
import studio.magi.media.Frame;

/**
 * PNG frames written as they arrive into {@code DIR.part}, which becomes {@code DIR} once the video is complete: a
 * folder under the asked name is always a finished one, and frames already rendered are never lost.
 */
final class FrameFolder {
    private final Path target;
    private final Path partial;
    private int written;

    private FrameFolder(Path target, Path partial) {
        this.target = target;
        this.partial = partial;
    }

    /**
     * Refuses a target that exists, and a {@code DIR.part} that exists: it may be anything of the user's, or the frames
     * an earlier run left there, and is not ours to delete or add to.
     */
    static void check(Path target) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserError(target + ": already exists; the frames go into a new folder");
        }
        Path partial = partialOf(target);
        if (Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserError(partial + ": already exists; move it away or choose another --frames-dir");
        }
    }

    /** Creates {@code DIR.part}, after {@link #check}; one that has appeared since is not taken over. */
    static FrameFolder create(Path target) {
        Path partial = partialOf(target);
        try {
            Files.createDirectories(partial.toAbsolutePath().getParent());
            Files.createDirectory(partial);
        } catch (IOException e) {
            throw new UserError(partial + ": cannot create the folder (" + e.getMessage() + ")");
        }
        return new FrameFolder(target, partial);
    }

    private static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    Path partial() {
        return partial;
    }

    /** Writes the next frame as frame-NNNN.png (each file whole or absent). */
    void add(Frame frame) {
        Path file = partial.resolve(String.format(Locale.ROOT, "frame-%04d.png", written));
        Path temp = partial.resolve("." + file.getFileName() + ".tmp");
        try {
            if (!ImageIO.write(frame.toImage(), "png", temp.toFile())) {
                throw new UserError(file + ": no PNG writer available");
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UserError(file + ": cannot write (" + e.getMessage() + ")");
        }
        written++;
    }

    /** The folder gets its asked name: the video is complete. */
    void finish() {
        try {
            Files.move(partial, target);
        } catch (IOException e) {
            throw new UserError(target + ": cannot rename " + partial.getFileName() + " to it (" + e.getMessage() + ")");
        }
    }
}
