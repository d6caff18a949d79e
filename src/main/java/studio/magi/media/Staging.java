package studio.magi.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A hidden entry beside a target, for work in progress that is renamed to the target once complete:
 * {@code .NAME.UUID.part}. It is created here, never an existing entry reused, so that removing it after a failure
 * never removes anything of the user's.
 */
public final class Staging {
    private Staging() {
    }

    /** A new empty file beside {@code target}, its name ending in {@code extension} (".mp4", or ""). */
    public static Path newFile(Path target, String extension) throws IOException {
        return Files.createFile(name(target, extension));
    }

    /** A new empty folder beside {@code target}. */
    public static Path newFolder(Path target) throws IOException {
        return Files.createDirectory(name(target, ""));
    }

    /** Removes a staging file or folder with what was put in it, links not followed; what cannot go stays. */
    public static void remove(Path staged) {
        if (!Files.exists(staged, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(staged)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // A hidden leftover; the error that brought us here is the one worth reporting.
        }
    }

    private static Path name(Path target, String extension) {
        Path absolute = target.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".part" + extension);
    }
}
