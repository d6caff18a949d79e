package studio.magi.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import studio.magi.project.Project;
import studio.magi.project.edit.Command;
import studio.magi.project.edit.RenameProject;
import studio.magi.project.store.MediaFile;
import studio.magi.project.store.ProjectFileException;
import studio.magi.project.store.ProjectFolder;
import studio.magi.project.store.RecentProjects;

/**
 * The project open in the window and where it lives: its folder, or a folder of its own under the studio's data
 * folder while it has never been saved (so that its imported media and autosaves have a home until Save As moves
 * it), and the file work on it: new, open, save, save as, autosave, recovery, import. Disk work runs off the FX
 * thread. The edits themselves (undo, the dirty flag) are {@link ProjectEdits}'; the recent projects
 * {@link RecentList}'s; the never-saved folders {@link UnsavedProjects}'. (A little over 300 lines: new, open,
 * leave and close share the folder and the dialogs that guard a project with unsaved edits.)
 */
public final class ProjectSession {
    /** Autosave after this many changes, even within the 30 seconds. */
    public static final int AUTOSAVE_EDITS = 25;

    private final TaskExecutor tasks;
    private final UserDialogs dialogs;
    private final UnsavedProjects unsaved;
    private final RecentList recent;
    private final ProjectEdits edits;
    private final ProjectSaving saving;
    private final AutosaveRecovery recovery;
    private final MediaImport imports;

    private ProjectFolder folder;
    private boolean untitled;

    private final ReadOnlyObjectWrapper<Path> projectDir = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Path> workFolder = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Object> document = new ReadOnlyObjectWrapper<>(new Object());
    private final ObservableList<MediaFile> media = FXCollections.observableArrayList();

    public ProjectSession(TaskExecutor tasks, UserDialogs dialogs, StudioFolders folders) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.unsaved = new UnsavedProjects(folders.unsaved());
        this.recent = new RecentList(new RecentProjects(folders.recentProjects()), tasks, status::set);
        this.edits = new ProjectEdits(this::autosaveIfDue);
        this.saving = new ProjectSaving(this, edits, tasks, dialogs, unsaved);
        this.recovery = new AutosaveRecovery(this, tasks, dialogs, unsaved);
        this.imports = new MediaImport(this, tasks, dialogs);
        adopt(unsaved.newFolder(), true, Project.untitled(), false, List.of());
    }

    // ---- what the window observes

    /** The undo history, the dirty flag and the title. */
    public ProjectEdits edits() {
        return edits;
    }

    public ReadOnlyObjectProperty<Project> projectProperty() {
        return edits.projectProperty();
    }

    public Project project() {
        return edits.project();
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

    /** The latest thing worth telling in the status bar. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The images and videos in the project's media/ folder. */
    public ObservableList<MediaFile> media() {
        return FXCollections.unmodifiableObservableList(media);
    }

    public ObservableList<Path> recentProjects() {
        return recent.list();
    }

    // ---- edits

    /** Applies an edit; one that does not apply says why in the status bar and changes nothing. */
    public boolean execute(Command command) {
        Optional<String> refused = edits.execute(command);
        refused.ifPresent(status::set);
        return refused.isEmpty();
    }

    /** Shows a message in the status bar. */
    public void tell(String message) {
        status.set(message);
    }

    /** Ends the current undo step (typing into one prompt is one step until the user moves on). */
    public void seal() {
        edits.seal();
    }

    public void undo() {
        edits.undo();
    }

    public void redo() {
        edits.redo();
    }

    public void rename() {
        dialogs.askProjectName(project().name()).ifPresent(name -> execute(new RenameProject(name)));
    }

    // ---- files

    /** Starts a new untitled project, after offering to save this one. */
    public void newProject() {
        leaveThen(() -> adopt(unsaved.newFolder(), true, Project.untitled(), false, List.of()));
    }

    public void open() {
        dialogs.chooseFolder("Open Project").ifPresent(this::open);
    }

    public void open(Path dir) {
        leaveThen(() -> openFolder(dir));
    }

    private record Opened(Project project, Optional<Instant> autosave, List<MediaFile> media, List<String> missing) {
    }

    private void openFolder(Path dir) {
        ProjectFolder f = ProjectFolder.at(dir);
        tasks.run(() -> {
            Project p = f.open();
            f.recoverLeftovers();
            return new Opened(p, f.newerAutosave(), f.media(), f.missingMedia(p));
        }, opened -> {
            adopt(f, false, opened.project(), false, opened.media());
            recent.remember(f.dir());
            if (!opened.missing().isEmpty()) {
                dialogs.showError("Media missing", "These files of " + f.dir() + " are missing: "
                        + String.join(", ", opened.missing()) + ". Shots that start from them cannot be rendered"
                        + " until the files are back in the project's media folder.");
            }
            opened.autosave().ifPresent(when -> recovery.offer(f, when));
        }, e -> {
            if (e instanceof ProjectFileException && !Files.isDirectory(dir)) {
                recent.forget(dir);
            }
            dialogs.showError("Cannot open project", message(e));
        });
    }

    /** Offers back the newest project that was never saved and whose studio did not close normally. */
    public void recoverUnsaved() {
        recovery.offerUnsaved();
    }

    /** Saves in place; a project not saved yet asks for a folder first. */
    public void save() {
        saving.save(() -> { });
    }

    public void saveAs() {
        saving.saveAs(() -> { });
    }

    /** Writes the unsaved state beside the project file when there is any (the window calls this every 30 s). */
    public void autosave() {
        saving.autosave();
    }

    /**
     * Copies image and video files into media/ and adds a shot starting from each, after shot {@code index - 1}, as
     * one undoable edit. A file that is neither changes nothing and is named in a message.
     */
    public void importAsShots(List<Path> files, int index) {
        imports.asShots(files, index);
    }

    /** Asks for image and video files and copies them into media/. */
    public void importMedia() {
        importMedia(dialogs.chooseMediaFiles());
    }

    /** Copies image and video files into media/ for the media bin, without adding shots. */
    public void importMedia(List<Path> files) {
        imports.toBin(files);
    }

    /**
     * Offers to save unsaved edits, then runs {@code next}: at once after "Don't Save", after the save has succeeded
     * after "Save", never after "Cancel" or a failed save.
     */
    public void leaveThen(Runnable next) {
        if (!edits.isDirty()) {
            next.run();
            return;
        }
        switch (dialogs.askToSaveChanges(project().name())) {
            case SAVE -> saving.save(next);
            case DISCARD -> next.run();
            case CANCEL -> { }
        }
    }

    /** The window is closing (after {@link #leaveThen}): tidies up what the project leaves behind. */
    public void close() {
        leaving(folder, untitled, edits.isDirty());
    }

    public void clearRecent() {
        recent.clear();
    }

    // ---- for the file work

    ProjectFolder folder() {
        return folder;
    }

    /** Whether the project has never been saved (it lives in its unsaved folder). */
    boolean untitled() {
        return untitled;
    }

    /**
     * Another project takes the window's place, from folder {@code f}; what the last one leaves behind is tidied.
     * {@code neverSaved}: what it holds is not on disk (a recovered autosave), so it starts dirty.
     */
    void adopt(ProjectFolder f, boolean isUntitled, Project p, boolean neverSaved, List<MediaFile> files) {
        if (folder != null && !folder.dir().equals(f.dir())) {
            leaving(folder, untitled, edits.isDirty());
        }
        folder = f;
        untitled = isUntitled;
        projectDir.set(isUntitled ? null : f.dir());
        workFolder.set(f.dir());
        edits.start(p, neverSaved);
        document.set(new Object());
        media.setAll(files);
    }

    /** What media/ holds now. */
    void showMedia(List<MediaFile> files) {
        media.setAll(files);
    }

    /** The same project, saved into folder {@code f} (Save As). */
    void movedTo(ProjectFolder f, List<MediaFile> files) {
        folder = f;
        untitled = false;
        projectDir.set(f.dir());
        workFolder.set(f.dir());
        media.setAll(files);
    }

    /** A project was saved to, or opened from, this folder: it heads the recent projects. */
    void savedAt(Path dir) {
        recent.remember(dir);
    }

    private void autosaveIfDue() {
        if (edits.sinceAutosave() >= AUTOSAVE_EDITS) {
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

    void discardUnsavedLater(ProjectFolder f) {
        tasks.run(() -> {
            unsaved.delete(f.dir());
            return null;
        }, ok -> { }, e -> status.set("Could not remove the unsaved project's folder: " + e.getMessage()));
    }

    static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
