package studio.magi.project.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Replaces a file so that a crash at any moment leaves either the old content or the new one, never a mix: write a
 * temporary file in the same folder, flush it to the disk, then rename it over the target.
 */
final class AtomicFile {
    private final UnaryOperator<OutputStream> streams;

    AtomicFile() {
        this(UnaryOperator.identity());
    }

    /** {@code streams} wraps the temporary file's stream: tests use it to fail in the middle of a write. */
    AtomicFile(UnaryOperator<OutputStream> streams) {
        this.streams = streams;
    }

    /** Writes {@code content} to {@code target}; with {@code backup}, the file it replaces stays as {@code backup}. */
    void write(Path target, byte[] content, Path backup) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = besides(target);
        try {
            writeDurably(temp, content);
            if (backup != null && Files.exists(target)) {
                Path tempBackup = besides(backup);
                try {
                    writeDurably(tempBackup, Files.readAllBytes(target));
                    Files.move(tempBackup, backup, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tempBackup);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncFolder(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * A new hidden name beside {@code file} for its next content. The file is created by the write, so it gets the
     * user's usual permissions (a temporary file's would be private).
     */
    static Path besides(Path file) {
        return file.toAbsolutePath().resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    private void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
            OutputStream out = streams.apply(Channels.newOutputStream(channel));
            out.write(content);
            out.flush();
            channel.force(true);
        }
    }

    /** Makes the rename itself durable; some systems cannot open a folder for syncing, and then it stays to the OS. */
    private static void syncFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the rename is done; only its durability across a power cut is left to the file system
        }
    }
}
