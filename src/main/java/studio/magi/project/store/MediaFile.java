package studio.magi.project.store;

import java.nio.file.Path;

/** A file in the project's {@code media/} folder: its path as project.json names it, and where it is on disk. */
public record MediaFile(String name, Path file, MediaKind kind) {
}
