package studio.magi.project.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a killed save or autosave leaves in a project folder: the temporary files of {@link AtomicFile} beside
 * project.json, its backup and the autosave. Only names {@link AtomicFile#besides} gives, exactly (a UUID), and only
 * regular files (never a link, a FIFO or a folder) are touched; nothing else in the folder. Edits are not thrown away
 * before the user has decided: the newest complete temporary project or autosave holding edits newer than project.json
 * and the autosave becomes the autosave, which the studio then offers back as it offers any autosave. The old
 * project.json that a kill left short of becoming the backup becomes it. The rest is deleted.
 */
final class Leftovers {
    private record Temp(Path path, FileTime modified) {
    }

    private final Path dir;
    private final ProjectCodec codec;

    Leftovers(Path dir, ProjectCodec codec) {
        this.dir = dir;
        this.codec = codec;
    }

    void recover() {
        try {
            recoverOrFail();
        } catch (IOException e) {
            // a folder the studio cannot change (read-only) keeps them; the project opens all the same
        }
    }

    private void recoverOrFail() throws IOException {
        Path project = dir.resolve(ProjectFolder.PROJECT_FILE);
        Path autosave = dir.resolve(ProjectFolder.AUTOSAVE_FILE);
        Path backup = dir.resolve(ProjectFolder.BACKUP_FILE);
        List<Temp> edits = temps(ProjectFolder.PROJECT_FILE, ProjectFolder.AUTOSAVE_FILE);
        List<Temp> olds = temps(ProjectFolder.BACKUP_FILE);

        Optional<Temp> newest = edits.stream().filter(t -> holdsNewerEdits(t, project, autosave)).findFirst();
        if (newest.isPresent()) {
            Files.move(newest.get().path(), autosave, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        // Killed between its last two renames, a save left the new project.json and the old one under a temporary name.
        Optional<Path> old = olds.stream().findFirst().map(Temp::path);
        if (old.isPresent() && !Files.exists(backup, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(project)
                && Files.mismatch(old.get(), project) != -1 && parses(old.get())) {
            Files.move(old.get(), backup, StandardCopyOption.ATOMIC_MOVE);
        }
        for (Temp t : edits) {
            Files.deleteIfExists(t.path());
        }
        for (Temp t : olds) {
            Files.deleteIfExists(t.path());
        }
    }

    /** Complete (it parses), not older than project.json and the autosave, and not what project.json holds. */
    private boolean holdsNewerEdits(Temp temp, Path project, Path autosave) {
        try {
            for (Path other : List.of(project, autosave)) {
                if (Files.isRegularFile(other) && temp.modified().compareTo(modified(other)) < 0) {
                    return false;
                }
            }
            return (!Files.isRegularFile(project) || Files.mismatch(temp.path(), project) != -1) && parses(temp.path());
        } catch (IOException e) {
            return false;
        }
    }

    private boolean parses(Path file) {
        try {
            codec.read(file);
            return true;
        } catch (ProjectFileException e) {
            return false;
        }
    }

    /** The temporary files of these names in the folder, regular files only, newest first. */
    private List<Temp> temps(String... names) throws IOException {
        List<Temp> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String entry = p.getFileName().toString();
                for (String name : names) {
                    if (AtomicFile.isTempOf(name, entry) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        found.add(new Temp(p, modified(p)));
                    }
                }
            }
        }
        found.sort(Comparator.comparing(Temp::modified, Comparator.reverseOrder()));
        return found;
    }

    private static FileTime modified(Path p) throws IOException {
        return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
    }
}
