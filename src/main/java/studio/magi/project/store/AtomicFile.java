package studio.magi.project.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Replaces a file so that a crash at any moment leaves either the old content or the new one, never a mix: write a
 * temporary file in the same folder, flush it to the disk, then rename it over the target. With a backup, the backup
 * is at every moment the content before the target's or absent, never a copy of the target itself: the old target
 * is hard-linked to a temporary name, the backup removed, the new content renamed over the target, and only then the
 * old content renamed to the backup. A file the new content makes obsolete (the autosave a save replaces) is removed
 * once the new content is on the disk and before it replaces the target: removed after, a kill between the two would
 * leave the obsolete file beside the new target, where a clock too coarse to tell them apart lets it pass for newer.
 * A kill leaves temporary files behind; {@link Leftovers} deals with them (the new content becomes the autosave).
 */
final class AtomicFile {
    /** The moments between the steps of a write, where a test stops it as a kill would. */
    enum Step { TEMP_WRITTEN, OLD_KEPT, BACKUP_REMOVED, TARGET_REPLACED }

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final UnaryOperator<OutputStream> streams;
    private final Consumer<Step> steps;

    AtomicFile() {
        this(UnaryOperator.identity(), step -> { });
    }

    /** {@code streams} wraps the temporary file's stream: tests use it to fail in the middle of a write. */
    AtomicFile(UnaryOperator<OutputStream> streams) {
        this(streams, step -> { });
    }

    /** {@code steps} hears each step as it is done: tests throw an {@link Error} there to stop as a kill would. */
    AtomicFile(UnaryOperator<OutputStream> streams, Consumer<Step> steps) {
        this.streams = streams;
        this.steps = steps;
    }

    /** Writes {@code content} to {@code target}; with {@code backup}, the file it replaces stays as {@code backup}. */
    void write(Path target, byte[] content, Path backup) throws IOException {
        write(target, content, backup, null);
    }

    /**
     * As {@link #write(Path, byte[], Path)}, removing {@code obsolete} (or null) before the target is replaced; should
     * the write then fail, the new content takes its place, so what it held is not lost.
     */
    void write(Path target, byte[] content, Path backup, Path obsolete) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = besides(target);
        Path old = null;
        boolean obsoleteRemoved = false;
        try {
            writeDurably(temp, content);
            steps.accept(Step.TEMP_WRITTEN);
            if (obsolete != null) {
                obsoleteRemoved = Files.deleteIfExists(obsolete);
            }
            if (backup != null && Files.exists(target)) {
                old = besides(backup);
                keep(target, old);
                steps.accept(Step.OLD_KEPT);
                Files.deleteIfExists(backup);
                steps.accept(Step.BACKUP_REMOVED);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // A failure the program lives through tidies up; a kill (or an Error) leaves this to the next open.
            if (obsoleteRemoved) {
                moveQuietly(temp, obsolete, e);
            } else {
                deleteQuietly(temp, e);
            }
            if (old != null) {
                deleteQuietly(old, e);
            }
            throw e;
        }
        steps.accept(Step.TARGET_REPLACED);
        if (old != null) {
            try {
                Files.move(old, backup, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // The save itself is done; only its backup is missing, which is allowed.
                deleteQuietly(old, e);
            }
        }
        syncFolder(dir);
    }

    /**
     * A new hidden name beside {@code file} for its next content, {@code .NAME.UUID.tmp}. The file is created by the
     * write, so it gets the user's usual permissions (a temporary file's would be private).
     */
    static Path besides(Path file) {
        return file.toAbsolutePath().resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    /** Whether {@code name} is one that {@link #besides} gives {@code file}'s name, exactly. */
    static boolean isTempOf(String file, String name) {
        String prefix = "." + file + ".";
        return name.startsWith(prefix) && name.endsWith(".tmp") && name.length() == prefix.length() + 36 + 4
                && UUID_TEXT.matcher(name.substring(prefix.length(), prefix.length() + 36)).matches();
    }

    /** The old content under a new name: a hard link costs no copy; a file system without them gets a copy. */
    private void keep(Path target, Path old) throws IOException {
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createLink(old, target);
                return;
            } catch (IOException | UnsupportedOperationException e) {
                // FAT and some network file systems have no hard links
            }
        }
        writeDurably(old, Files.readAllBytes(target));
    }

    private void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
            OutputStream out = streams.apply(Channels.newOutputStream(channel));
            out.write(content);
            out.flush();
            channel.force(true);
        }
    }

    private static void moveQuietly(Path from, Path to, Exception failure) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static void deleteQuietly(Path file, Exception failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
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
