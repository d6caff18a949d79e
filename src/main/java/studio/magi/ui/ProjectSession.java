package studio.magi.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import studio.magi.media.ClipReader;
import studio.magi.media.ImageFile;
import studio.magi.media.MediaException;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.project.edit.AddShot;
import studio.magi.project.edit.Command;
import studio.magi.project.edit.CompositeCommand;
import studio.magi.project.edit.EditRefused;
import studio.magi.project.edit.History;
import studio.magi.project.edit.RenameProject;
import studio.magi.project.edit.ReplaceProject;
import studio.magi.project.store.MediaFile;
import studio.magi.project.store.MediaKind;
import studio.magi.project.store.ProjectFileException;
import studio.magi.project.store.ProjectFolder;
import studio.magi.project.store.RecentProjects;

/**
 * The open project for the window: its folder, its undo history and dirty flag, and the file work (new, open, save,
 * save as, autosave, import), run off the FX thread. A project not saved yet lives in a folder of its own under
 * the studio's data folder, so its imported media and autosaves have a home until Save As moves it.
 */
public final class ProjectSession {
    /** Autosave after this many changes, even within the 30 seconds. */
    public static final int AUTOSAVE_EDITS = 25;

    private final TaskExecutor tasks;
    private final UserDialogs dialogs;
    private final StudioFolders folders;
    private final RecentProjects recent;

    private ProjectFolder folder;
    private boolean untitled;
    private History history;
    private long changesAutosaved;

    private final ReadOnlyObjectWrapper<Project> project = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Path> projectDir = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Path> workFolder = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper("Undo");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper("Redo");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Object> document = new ReadOnlyObjectWrapper<>(new Object());
    private final ObservableList<MediaFile> media = FXCollections.observableArrayList();
    private final ObservableList<Path> recentProjects = FXCollections.observableArrayList();

    public ProjectSession(TaskExecutor tasks, UserDialogs dialogs, StudioFolders folders) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.folders = folders;
        this.recent = new RecentProjects(folders.recentProjects());
        adoptUntitled(Project.untitled(), newUnsavedFolder(), false);
        tasks.run(recent::list, recentProjects::setAll, e -> { });
    }

    // ---- what the window observes

    public ReadOnlyObjectProperty<Project> projectProperty() {
        return project.getReadOnlyProperty();
    }

    public Project project() {
        return project.get();
    }

    /** Changes whenever another project (or a new one) takes the window's place: selections start over. */
    public ReadOnlyObjectProperty<Object> documentProperty() {
        return document.getReadOnlyProperty();
    }

    /** The project's folder, or null while it is not saved yet. */
    public ReadOnlyObjectProperty<Path> projectDirProperty() {
        return projectDir.getReadOnlyProperty();
    }

    /** The folder the project's media and renders are in now: its own, or its unsaved folder before Save As. */
    public ReadOnlyObjectProperty<Path> workFolderProperty() {
        return workFolder.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    /** "Undo Edit Prompt", or "Undo" when there is nothing to undo. */
    public ReadOnlyStringProperty undoTextProperty() {
        return undoText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty redoTextProperty() {
        return redoText.getReadOnlyProperty();
    }

    /** The window title: project name, a "*" while there are unsaved edits. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The latest thing worth telling in the status bar. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The images and videos in the project's media/ folder. */
    public ObservableList<MediaFile> media() {
        return FXCollections.unmodifiableObservableList(media);
    }

    public ObservableList<Path> recentProjects() {
        return FXCollections.unmodifiableObservableList(recentProjects);
    }

    // ---- edits

    /** Applies an edit; one that does not apply says why in the status bar and changes nothing. */
    public boolean execute(Command command) {
        try {
            history.execute(command);
            return true;
        } catch (EditRefused e) {
            status.set(e.getMessage());
            return false;
        }
    }

    /** Shows a message in the status bar. */
    public void tell(String message) {
        status.set(message);
    }

    /** Ends the current undo step (typing into one prompt is one step until the user moves on). */
    public void seal() {
        history.seal();
    }

    public void undo() {
        history.undo();
    }

    public void redo() {
        history.redo();
    }

    public void rename() {
        dialogs.askProjectName(project().name()).ifPresent(name -> execute(new RenameProject(name)));
    }

    // ---- files

    /** Starts a new untitled project, after offering to save this one. */
    public void newProject() {
        leaveThen(() -> adoptUntitled(Project.untitled(), newUnsavedFolder(), false));
    }

    public void open() {
        dialogs.chooseFolder("Open Project").ifPresent(this::open);
    }

    public void open(Path dir) {
        leaveThen(() -> openFolder(dir));
    }

    private record Opened(ProjectFolder folder, Project project, Optional<Instant> autosave, List<MediaFile> media,
                          List<String> missing) {
    }

    private void openFolder(Path dir) {
        ProjectFolder f = ProjectFolder.at(dir);
        tasks.run(() -> {
            Project p = f.open();
            return new Opened(f, p, f.newerAutosave(), f.media(), f.missingMedia(p));
        }, opened -> {
            adopt(opened.folder(), false, new History(opened.project()));
            media.setAll(opened.media());
            remember(opened.folder().dir());
            if (!opened.missing().isEmpty()) {
                dialogs.showError("Media missing", "These files of " + opened.folder().dir() + " are missing: "
                        + String.join(", ", opened.missing()) + ". Shots that start from them cannot be rendered"
                        + " until the files are back in the project's media folder.");
            }
            opened.autosave().ifPresent(when -> offerAutosave(opened.folder(), when));
        }, e -> {
            if (e instanceof ProjectFileException && !Files.isDirectory(dir)) {
                forget(dir);
            }
            dialogs.showError("Cannot open project", message(e));
        });
    }

    private void offerAutosave(ProjectFolder f, Instant when) {
        if (!dialogs.offerAutosave(project().name(), when)) {
            tasks.run(() -> {
                f.discardAutosave();
                return null;
            }, ok -> status.set("Discarded the autosaved edits."), e -> status.set("Could not discard the autosave: " + e.getMessage()));
            return;
        }
        tasks.run(f::openAutosave, recovered -> {
            if (folder == f) {
                execute(new ReplaceProject(recovered, "Recover Autosave"));
                status.set("Recovered the autosaved edits; save to keep them.");
            }
        }, e -> dialogs.showError("Cannot recover the autosave", message(e) + " The project opened as last saved; "
                + "the autosave file was left as it is."));
    }

    private record Unsaved(ProjectFolder folder, Instant when) {
    }

    private record Recovered(Project project, List<MediaFile> media) {
    }

    /** Offers back the newest project that was never saved and whose studio did not close normally. */
    public void recoverUnsaved() {
        Path current = folder.dir();
        tasks.run(() -> {
            Optional<Unsaved> newest = Optional.empty();
            if (Files.isDirectory(folders.unsaved())) {
                try (Stream<Path> dirs = Files.list(folders.unsaved())) {
                    for (Path d : dirs.filter(Files::isDirectory).filter(d -> !d.equals(current)).toList()) {
                        ProjectFolder f = ProjectFolder.at(d);
                        Optional<Instant> when = f.newerAutosave();
                        if (when.isPresent() && (newest.isEmpty() || when.get().isAfter(newest.get().when()))) {
                            newest = Optional.of(new Unsaved(f, when.get()));
                        }
                    }
                }
            }
            return newest;
        }, found -> found.ifPresent(this::offerUnsaved), e -> status.set("Could not look for unsaved projects: " + e.getMessage()));
    }

    private void offerUnsaved(Unsaved unsaved) {
        ProjectFolder f = unsaved.folder();
        if (!dialogs.offerAutosave("an unsaved project", unsaved.when())) {
            discardUnsavedLater(f);
            return;
        }
        leaveThen(() -> tasks.run(() -> new Recovered(f.openAutosave(), f.media()), recovered -> {
            adoptUntitled(recovered.project(), f, true);
            media.setAll(recovered.media());
            status.set("Recovered an unsaved project; save it to keep it.");
        }, e -> dialogs.showError("Cannot recover the unsaved project", message(e))));
    }

    /** Saves in place; a project not saved yet asks for a folder first. */
    public void save() {
        save(() -> { });
    }

    private void save(Runnable afterSaved) {
        if (untitled) {
            saveAs(afterSaved);
            return;
        }
        Project snapshot = project();
        long revision = history.revision();
        ProjectFolder target = folder;
        tasks.run(() -> {
            target.save(snapshot);
            return null;
        }, ok -> {
            if (folder == target) {
                history.markSaved(revision);
                changesAutosaved = history.changes();
            }
            status.set("Saved " + target.projectFile());
            afterSaved.run();
        }, e -> dialogs.showError("Could not save", message(e) + " The file on disk is unchanged."));
    }

    public void saveAs() {
        saveAs(() -> { });
    }

    private void saveAs(Runnable afterSaved) {
        Optional<Path> chosen = dialogs.chooseFolder("Save Project As");
        if (chosen.isEmpty()) {
            return;
        }
        ProjectFolder source = folder;
        boolean fromUnsaved = untitled;
        String name = project().name();
        tasks.run(() -> source.forSaveAs(chosen.get(), name), target -> {
            if (project().name().equals(Project.UNTITLED)) {
                execute(new RenameProject(target.dir().getFileName().toString()));
            }
            Project snapshot = project();
            long revision = history.revision();
            tasks.run(() -> {
                source.copyContentTo(target);
                target.save(snapshot);
                if (fromUnsaved) {
                    deleteUnsavedFolder(source.dir());
                }
                return target.media();
            }, files -> {
                if (folder == source) {
                    folder = target;
                    untitled = false;
                    projectDir.set(target.dir());
                    workFolder.set(target.dir());
                    history.markSaved(revision);
                    changesAutosaved = history.changes();
                    media.setAll(files);
                }
                remember(target.dir());
                status.set("Saved " + target.projectFile());
                afterSaved.run();
            }, e -> dialogs.showError("Could not save", message(e)));
        }, e -> dialogs.showError("Could not save", message(e)));
    }

    /** Writes the unsaved state beside the project file when there is any (the window calls this every 30 s). */
    public void autosave() {
        if (history.changes() == changesAutosaved) {
            return;
        }
        changesAutosaved = history.changes();
        ProjectFolder target = folder;
        boolean hasEdits = history.isDirty();
        Project snapshot = project();
        tasks.run(() -> {
            if (hasEdits) {
                target.autosave(snapshot);
            } else {
                target.discardAutosave();
            }
            return null;
        }, ok -> {
            if (hasEdits) {
                status.set("Autosaved");
            }
        }, e -> status.set("Autosave failed: " + e.getMessage()));
    }

    /**
     * Copies image and video files into media/ and adds a shot starting from each, after shot {@code index - 1}, as
     * one undoable edit. A file that is neither changes nothing and is named in a message.
     */
    public void importAsShots(List<Path> files, int index) {
        ProjectFolder target = folder;
        tasks.run(() -> importAll(target, files), result -> {
            if (folder != target) {
                return;
            }
            media.setAll(result.media());
            List<Command> adds = new ArrayList<>();
            int at = Math.max(0, Math.min(index, project().shots().size()));
            for (int i = 0; i < result.imported().size(); i++) {
                MediaFile m = result.imported().get(i);
                ShotStart start = m.kind() == MediaKind.IMAGE ? ShotStart.image(m.name())
                        : ShotStart.video(m.name(), result.seconds().get(i));
                adds.add(new AddShot(at++, Shot.create(start, Chunk.create("", Chunk.randomSeed()))));
            }
            if (adds.size() == 1) {
                execute(adds.get(0));
            } else if (!adds.isEmpty()) {
                execute(new CompositeCommand("Add " + adds.size() + " Shots from Media", adds));
            }
            reportRefused(result.refused());
        }, e -> dialogs.showError("Import failed", message(e)));
    }

    /** Asks for image and video files and copies them into media/. */
    public void importMedia() {
        List<Path> files = dialogs.chooseMediaFiles();
        if (!files.isEmpty()) {
            importMedia(files);
        }
    }

    /** Copies image and video files into media/ for the media bin, without adding shots. */
    public void importMedia(List<Path> files) {
        ProjectFolder target = folder;
        tasks.run(() -> importAll(target, files), result -> {
            if (folder == target) {
                media.setAll(result.media());
            }
            reportRefused(result.refused());
        }, e -> dialogs.showError("Import failed", message(e)));
    }

    /** What an import copied (with each video's whole seconds), what it refused and why, and media/ after it. */
    private record Imported(List<MediaFile> imported, List<Integer> seconds, List<String> refused, List<MediaFile> media) {
    }

    private static Imported importAll(ProjectFolder target, List<Path> files) throws IOException {
        List<MediaFile> imported = new ArrayList<>();
        List<Integer> seconds = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path f : files) {
            try {
                int s = checkDecodes(f);
                imported.add(target.importMedia(f));
                seconds.add(s);
            } catch (ProjectFileException e) {
                refused.add(e.getMessage());
            } catch (MediaException e) {
                refused.add(e.getMessage() + "; nothing was imported.");
            }
        }
        return new Imported(imported, seconds, refused, target.media());
    }

    /**
     * A picture or video that cannot be decoded (or a video shorter than a chunk) is refused before it is copied.
     * Returns a video's whole seconds (0 for a picture).
     */
    private static int checkDecodes(Path f) throws IOException {
        Optional<MediaKind> kind = MediaKind.of(f);
        if (kind.isEmpty() || !Files.isRegularFile(f)) {
            return 0;
        }
        if (kind.get() == MediaKind.IMAGE) {
            ImageFile.read(f);
            return 0;
        }
        int frames = ClipReader.read(f).size();
        if (frames < Chunk.FRAMES) {
            throw new MediaException(f.getFileName() + " has " + frames + " frames: a shot continues at least one whole"
                    + " second (" + Chunk.FRAMES + " frames) of video");
        }
        return frames / Chunk.FRAMES;
    }

    private void reportRefused(List<String> refused) {
        if (!refused.isEmpty()) {
            dialogs.showError("Not imported", String.join("\n", refused));
        }
    }

    /** Where a media path of the project is on disk (thumbnails, the render service). */
    public Path resolveMedia(String name) throws ProjectFileException {
        return folder.resolveMedia(name);
    }

    /**
     * Offers to save unsaved edits, then runs {@code next}: at once after "Don't Save", after the save has succeeded
     * after "Save", never after "Cancel" or a failed save.
     */
    public void leaveThen(Runnable next) {
        if (!history.isDirty()) {
            next.run();
            return;
        }
        switch (dialogs.askToSaveChanges(project().name())) {
            case SAVE -> save(next);
            case DISCARD -> next.run();
            case CANCEL -> { }
        }
    }

    /** The window is closing (after {@link #leaveThen}): tidies up what the project leaves behind. */
    public void close() {
        leaving(folder, untitled, history.isDirty());
    }

    public void clearRecent() {
        recentProjects.clear();
        tasks.run(() -> {
            recent.clear();
            return null;
        }, ok -> { }, e -> status.set("Could not clear the recent projects: " + e.getMessage()));
    }

    // ---- internals

    private ProjectFolder newUnsavedFolder() {
        return ProjectFolder.at(folders.unsaved().resolve(UUID.randomUUID().toString()));
    }

    private void adoptUntitled(Project p, ProjectFolder f, boolean recovered) {
        History h = new History(p);
        if (recovered) {
            h.markSaved(History.NEVER_SAVED);
        }
        adopt(f, true, h);
        media.clear();
    }

    private void adopt(ProjectFolder f, boolean isUntitled, History h) {
        if (folder != null && !folder.dir().equals(f.dir())) {
            leaving(folder, untitled, history.isDirty());
        }
        folder = f;
        untitled = isUntitled;
        history = h;
        changesAutosaved = 0;
        projectDir.set(isUntitled ? null : f.dir());
        workFolder.set(f.dir());
        h.addListener(this::refresh);
        refresh();
        document.set(new Object());
    }

    private void refresh() {
        project.set(history.current());
        dirty.set(history.isDirty());
        canUndo.set(history.canUndo());
        canRedo.set(history.canRedo());
        undoText.set(history.undoDescription().map(d -> "Undo " + d).orElse("Undo"));
        redoText.set(history.redoDescription().map(d -> "Redo " + d).orElse("Redo"));
        title.set(history.current().name() + (history.isDirty() ? "*" : "") + " \u2014 MAGI Studio");
        if (history.changes() - changesAutosaved >= AUTOSAVE_EDITS) {
            autosave();
        }
    }

    /** What is left of a project the window moves away from: its unsaved folder, or autosaved edits it declined. */
    private void leaving(ProjectFolder old, boolean wasUntitled, boolean declinedEdits) {
        if (wasUntitled) {
            discardUnsavedLater(old);
        } else if (declinedEdits) {
            tasks.run(() -> {
                old.discardAutosave();
                return null;
            }, ok -> { }, e -> status.set("Could not remove the autosave of " + old.dir() + ": " + e.getMessage()));
        }
    }

    private void remember(Path dir) {
        tasks.run(() -> {
            recent.add(dir);
            return recent.list();
        }, recentProjects::setAll, e -> status.set("Could not update the recent projects: " + e.getMessage()));
    }

    private void forget(Path dir) {
        tasks.run(() -> {
            recent.remove(dir);
            return recent.list();
        }, recentProjects::setAll, e -> { });
    }

    private void discardUnsavedLater(ProjectFolder f) {
        tasks.run(() -> {
            deleteUnsavedFolder(f.dir());
            return null;
        }, ok -> { }, e -> status.set("Could not remove the unsaved project's folder: " + e.getMessage()));
    }

    /** Deletes a folder of an unsaved project; refuses anything outside the studio's unsaved-projects folder. */
    private void deleteUnsavedFolder(Path dir) throws IOException {
        Path root = folders.unsaved().toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        if (!d.startsWith(root) || d.equals(root) || !Files.isDirectory(d)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
