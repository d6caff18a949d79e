package studio.magi;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A folder this process cannot write in until closed: its write permission taken away, and for root, whom permissions
 * do not stop, the immutable attribute (chattr +i, Linux). Where neither holds the test is skipped.
 */
public final class ReadOnlyFolder implements AutoCloseable {
    private final Path dir;
    private final Set<PosixFilePermission> permissions;
    private final boolean immutable;

    private ReadOnlyFolder(Path dir, Set<PosixFilePermission> permissions, boolean immutable) {
        this.dir = dir;
        this.permissions = permissions;
        this.immutable = immutable;
    }

    public static ReadOnlyFolder make(Path dir) throws IOException, InterruptedException {
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean immutable = Files.isWritable(dir)
                && new ProcessBuilder("chattr", "+i", dir.toString()).start().waitFor() == 0;
        ReadOnlyFolder folder = new ReadOnlyFolder(dir, before, immutable);
        if (Files.isWritable(dir)) {
            folder.close();
            assumeFalse(true, "no way to make a folder read-only for this user here");
        }
        return folder;
    }

    @Override
    public void close() throws IOException {
        if (immutable) {
            try {
                new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.setPosixFilePermissions(dir, permissions);
    }
}
