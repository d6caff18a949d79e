package studio.magi.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import studio.magi.project.store.ProjectFolder;

/**
 * The folders of projects never saved, under the studio's data folder: a new one for each new project (its media
 * and autosaves need a home until Save As), the newest one a studio that did not close normally left with autosaved
 * edits, and their removal. Nothing outside this folder is ever deleted. Disk work: off the FX thread.
 */
final class UnsavedProjects {
    /** An unsaved project's folder and when its edits were autosaved. */
    record Unsaved(ProjectFolder folder, Instant when) {
    }

    private final Path root;

    UnsavedProjects(Path root) {
        this.root = root;
    }

    /** A folder for a new project (created when something is written into it). */
    ProjectFolder newFolder() {
        return ProjectFolder.at(root.resolve(UUID.randomUUID().toString()));
    }

    /** The unsaved project, other than {@code except}, whose autosave is newest. */
    Optional<Unsaved> newestAutosaved(Path except) throws IOException {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        Optional<Unsaved> newest = Optional.empty();
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root)) {
            dirs = list.filter(Files::isDirectory).filter(d -> !d.equals(except)).toList();
        }
        for (Path d : dirs) {
            ProjectFolder f = ProjectFolder.at(d);
            Optional<Instant> when = f.newerAutosave();
            if (when.isPresent() && (newest.isEmpty() || when.get().isAfter(newest.get().when()))) {
                newest = Optional.of(new Unsaved(f, when.get()));
            }
        }
        return newest;
    }

    /** Deletes an unsaved project's folder; anything that is not one of them is left alone. */
    void delete(Path dir) throws IOException {
        Path r = root.toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        if (!d.startsWith(r) || d.equals(r) || !Files.isDirectory(d)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
