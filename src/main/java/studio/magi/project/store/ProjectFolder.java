package studio.magi.project.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import studio.magi.project.Project;
import studio.magi.project.Shot;

/**
 * A project on disk: {@code project.json} (with {@code project.json.bak}, the version before the last save),
 * {@code project.autosave.json} (edits not saved yet), {@code media/} (copies of imported images and videos) and
 * {@code renders/} (finished chunks, written by the render service).
 */
public final class ProjectFolder {
    public static final String PROJECT_FILE = "project.json";
    public static final String BACKUP_FILE = "project.json.bak";
    public static final String AUTOSAVE_FILE = "project.autosave.json";
    public static final String MEDIA = "media";
    public static final String RENDERS = "renders";

    private final Path dir;
    private final AtomicFile files;
    private final FolderBounds bounds;
    private final ProjectCodec codec = new ProjectCodec();

    private ProjectFolder(Path dir, AtomicFile files) {
        this.dir = dir.toAbsolutePath().normalize();
        this.files = files;
        this.bounds = new FolderBounds(this.dir);
    }

    /** The project folder at {@code dir}; nothing is read or written until asked. */
    public static ProjectFolder at(Path dir) {
        return new ProjectFolder(dir, new AtomicFile());
    }

    static ProjectFolder at(Path dir, AtomicFile files) {
        return new ProjectFolder(dir, files);
    }

    /**
     * The folder "Save As" into {@code chosen} writes to: {@code chosen} itself when it is new, empty or this project's
     * own folder; else a new folder inside it named after the project. A folder holding another project is refused,
     * so that Save As never overwrites a project.
     */
    public ProjectFolder forSaveAs(Path chosen, String projectName) throws ProjectFileException, IOException {
        Path target = chosen.toAbsolutePath().normalize();
        if (target.equals(dir) || !Files.exists(target) || isEmptyFolder(target)) {
            Files.createDirectories(target);
            return new ProjectFolder(target, files);
        }
        if (!Files.isDirectory(target)) {
            throw new ProjectFileException(target + " is a file, not a folder; choose a folder to save the project in.");
        }
        if (Files.exists(target.resolve(PROJECT_FILE))) {
            throw new ProjectFileException(target + " already holds another project; choose an empty folder, or a folder"
                    + " to create the project in.");
        }
        String name = safeName(projectName);
        for (int n = 1; ; n++) {
            Path candidate = target.resolve(n == 1 ? name : name + "-" + n);
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(candidate);
                return new ProjectFolder(candidate, files);
            }
        }
    }

    /** Copies media/ and renders/ into another project folder (for Save As), leaving files already there alone. */
    public void copyContentTo(ProjectFolder target) throws IOException {
        if (target.dir.equals(dir)) {
            return;
        }
        for (String sub : List.of(MEDIA, RENDERS)) {
            Path from = dir.resolve(sub);
            if (!Files.isDirectory(from)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : walk.toList()) {
                    Path to = target.dir.resolve(sub).resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(to)) {
                        Files.copy(p, to);
                    }
                }
            }
        }
    }

    private static boolean isEmptyFolder(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(p)) {
            return entries.findAny().isEmpty();
        }
    }

    public Path dir() {
        return dir;
    }

    public Path projectFile() {
        return dir.resolve(PROJECT_FILE);
    }

    public Path autosaveFile() {
        return dir.resolve(AUTOSAVE_FILE);
    }

    public Path mediaDir() {
        return dir.resolve(MEDIA);
    }

    /** renders/, refused when it links out of this folder: the studio reads and writes its renders there. */
    public Path rendersDir() throws ProjectFileException {
        return bounds.checkInside(dir.resolve(RENDERS));
    }

    public boolean holdsProject() {
        return Files.isRegularFile(projectFile());
    }

    /**
     * Whether {@code path}, links resolved, is one of the project's own files: project.json, its backup, the autosave,
     * or anything in media/ or renders/. Nothing written out of the studio may land there.
     */
    public boolean owns(Path path) throws IOException {
        Path real = FolderBounds.real(path);
        for (String file : List.of(PROJECT_FILE, BACKUP_FILE, AUTOSAVE_FILE)) {
            if (real.equals(FolderBounds.real(dir.resolve(file)))) {
                return true;
            }
        }
        for (String folder : List.of(MEDIA, RENDERS)) {
            if (real.startsWith(FolderBounds.real(dir.resolve(folder)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads project.json, refusing a damaged or foreign file, one that points outside this folder, one that links out
     * of it, or one that is not a regular file.
     */
    public Project open() throws ProjectFileException {
        if (!Files.isDirectory(dir)) {
            throw new ProjectFileException(dir + " is not a folder; a MAGI Studio project is a folder with a project.json.");
        }
        if (!Files.exists(projectFile(), LinkOption.NOFOLLOW_LINKS)) {
            throw new ProjectFileException(dir + " has no " + PROJECT_FILE + ": it is not a MAGI Studio project folder.");
        }
        bounds.checkReadable(projectFile());
        return checked(projectFile(), codec.read(projectFile()));
    }

    /** Saves atomically, keeping the previous project.json as project.json.bak; the autosave is then obsolete. */
    public void save(Project project) throws IOException {
        byte[] json = codec.write(project);
        Files.createDirectories(mediaDir());
        Files.createDirectories(dir.resolve(RENDERS));
        files.write(projectFile(), json, dir.resolve(BACKUP_FILE), autosaveFile());
    }

    /** Writes the unsaved state beside project.json, which stays as the user last saved it. */
    public void autosave(Project project) throws IOException {
        files.write(autosaveFile(), codec.write(project), null);
    }

    /**
     * When an autosave newer than project.json (or one without any project.json) exists, its time. One stamped in the
     * same clock tick as project.json counts as newer: a save removes the autosave it makes obsolete, so an autosave
     * beside project.json was written after it (unless a kill fell between the two).
     */
    public Optional<Instant> newerAutosave() throws IOException {
        if (!Files.isRegularFile(autosaveFile())) {
            return Optional.empty();
        }
        FileTime autosaved = Files.getLastModifiedTime(autosaveFile());
        if (holdsProject() && autosaved.compareTo(Files.getLastModifiedTime(projectFile())) < 0) {
            return Optional.empty();
        }
        return Optional.of(autosaved.toInstant());
    }

    /**
     * What a killed save or autosave left here ({@link Leftovers}): newer edits become the autosave, to be offered
     * back; the studio's other temporary files are deleted. The studio calls this on opening a folder; the command
     * line only reads. A folder that cannot be changed (read-only) keeps them.
     */
    public void recoverLeftovers() {
        new Leftovers(dir, codec).recover();
    }

    public Project openAutosave() throws ProjectFileException {
        bounds.checkReadable(autosaveFile());
        return checked(autosaveFile(), codec.read(autosaveFile()));
    }

    public void discardAutosave() throws IOException {
        Files.deleteIfExists(autosaveFile());
    }

    /**
     * Copies an image or video into media/ and returns it. The copy keeps the file's name, made unique with "-2",
     * "-3"... unless media/ already holds the same bytes under that name. A file already in media/ is used as is. A
     * media/ that links out of this folder is refused.
     */
    public MediaFile importMedia(Path source) throws ProjectFileException, IOException {
        if (!Files.isRegularFile(source)) {
            throw new ProjectFileException(source + " is not a file; nothing was imported.");
        }
        MediaKind kind = MediaKind.of(source).orElseThrow(() -> new ProjectFileException(
                source.getFileName() + " is not " + MediaKind.SUPPORTED + "; nothing was imported."));
        Path media = bounds.checkInside(mediaDir());
        if (source.toAbsolutePath().normalize().getParent().equals(media)) {
            return new MediaFile(MEDIA + "/" + source.getFileName(), source.toAbsolutePath().normalize(), kind);
        }
        Files.createDirectories(media);
        String name = safeName(source.getFileName().toString());
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; ; n++) {
            Path target = media.resolve(n == 1 ? name : stem + "-" + n + ext);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (Files.isRegularFile(target) && Files.mismatch(target, source) == -1) {
                    return new MediaFile(MEDIA + "/" + target.getFileName(), target, kind);
                }
                continue;
            }
            Path temp = AtomicFile.besides(target);
            try {
                Files.copy(source, temp);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            return new MediaFile(MEDIA + "/" + target.getFileName(), target, kind);
        }
    }

    /** The images and videos in media/, by name; other files there are not shown. */
    public List<MediaFile> media() throws IOException {
        List<MediaFile> found = new ArrayList<>();
        if (!Files.isDirectory(mediaDir())) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(mediaDir())) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")) {
                    Optional<MediaKind> kind = MediaKind.of(f);
                    kind.ifPresent(k -> found.add(new MediaFile(MEDIA + "/" + f.getFileName(), f, k)));
                }
            }
        }
        found.sort(Comparator.comparing(MediaFile::name));
        return found;
    }

    /**
     * Where a media path of project.json is on disk, refusing one that leads or links outside this folder, and one
     * that is there but is not a regular file (a FIFO would keep its reader waiting). A missing file is returned.
     */
    public Path resolveMedia(String name) throws ProjectFileException {
        Path resolved = locate(name);
        if (Files.exists(resolved) && !Files.isRegularFile(resolved)) {
            throw new ProjectFileException("The project refers to \"" + FileText.shown(name) + "\", which is not a regular"
                    + " file (it is a FIFO, a device or a folder); it is not read.");
        }
        return resolved;
    }

    /** Where a media path of project.json is on disk, refusing one that leads or links outside this folder. */
    private Path locate(String name) throws ProjectFileException {
        Path resolved;
        try {
            resolved = Path.of(name).isAbsolute() ? null : dir.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new ProjectFileException("The project refers to \"" + FileText.shown(name)
                    + "\", which is not a valid file name.", e);
        }
        if (resolved == null || !resolved.startsWith(dir) || resolved.equals(dir)) {
            throw new ProjectFileException("The project refers to \"" + FileText.shown(name) + "\", which is outside its"
                    + " folder " + dir + "; such a path is refused.");
        }
        try {
            if (!bounds.holds(resolved)) {
                throw new ProjectFileException("The project refers to \"" + FileText.shown(name) + "\", which links outside"
                        + " its folder " + dir + "; such a path is refused.");
            }
        } catch (IOException e) {
            throw new ProjectFileException("The project's media file \"" + FileText.shown(name) + "\" could not be checked: "
                    + e.getMessage(), e);
        }
        return resolved;
    }

    /** The media files a project names that are not in this folder (moved or deleted by hand, or not regular files). */
    public List<String> missingMedia(Project project) throws ProjectFileException {
        List<String> missing = new ArrayList<>();
        for (Shot s : project.shots()) {
            if (s.start().hasMedia() && !Files.isRegularFile(locate(s.start().media()))) {
                missing.add(s.start().media());
            }
        }
        return missing;
    }

    private Project checked(Path file, Project project) throws ProjectFileException {
        for (Shot s : project.shots()) {
            if (s.start().hasMedia()) {
                try {
                    locate(s.start().media());
                } catch (ProjectFileException e) {
                    throw new ProjectFileException(file + " refers to \"" + FileText.shown(s.start().media())
                            + "\", which is outside the project folder; the project was not opened.", e);
                }
            }
        }
        return project;
    }

    /** A file name that is safe in any file system: no separators or control characters. */
    private static String safeName(String name) {
        String safe = name.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_").strip();
        return safe.isEmpty() || safe.startsWith(".") ? "media" + safe : safe;
    }
}
