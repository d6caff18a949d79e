package studio.magi.ui;

import java.nio.file.Path;
import java.util.Optional;
import studio.magi.project.Project;
import studio.magi.project.edit.RenameProject;
import studio.magi.project.store.ProjectFolder;

/**
 * Save, Save As and autosave of the session's project. The project as it is when asked is written off the FX thread;
 * when the write is done, the revision written is marked saved, unless another project took the window's place
 * meanwhile. Save As copies media and renders into the new folder first (a project never saved leaves its unsaved
 * folder behind); an untitled project takes the new folder's name.
 */
final class ProjectSaving {
    private final ProjectSession session;
    private final ProjectEdits edits;
    private final TaskExecutor tasks;
    private final UserDialogs dialogs;
    private final UnsavedProjects unsaved;

    ProjectSaving(ProjectSession session, ProjectEdits edits, TaskExecutor tasks, UserDialogs dialogs,
                  UnsavedProjects unsaved) {
        this.session = session;
        this.edits = edits;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.unsaved = unsaved;
    }

    /** Saves in place, then runs {@code afterSaved}; a project not saved yet asks for a folder first. */
    void save(Runnable afterSaved) {
        if (session.untitled()) {
            saveAs(afterSaved);
            return;
        }
        Project snapshot = edits.project();
        long revision = edits.revision();
        ProjectFolder target = session.folder();
        tasks.run(() -> {
            target.save(snapshot);
            return null;
        }, ok -> {
            if (session.folder() == target) {
                edits.saved(revision);
            }
            session.tell("Saved " + target.projectFile());
            afterSaved.run();
        }, e -> dialogs.showError("Could not save", ProjectSession.message(e) + " The file on disk is unchanged."));
    }

    void saveAs(Runnable afterSaved) {
        Optional<Path> chosen = dialogs.chooseFolder("Save Project As");
        if (chosen.isEmpty()) {
            return;
        }
        ProjectFolder source = session.folder();
        boolean fromUnsaved = session.untitled();
        String name = edits.project().name();
        tasks.run(() -> source.forSaveAs(chosen.get(), name), target -> {
            if (edits.project().name().equals(Project.UNTITLED)) {
                session.execute(new RenameProject(target.dir().getFileName().toString()));
            }
            Project snapshot = edits.project();
            long revision = edits.revision();
            tasks.run(() -> {
                source.copyContentTo(target);
                target.save(snapshot);
                if (fromUnsaved) {
                    unsaved.delete(source.dir());
                }
                return target.media();
            }, files -> {
                if (session.folder() == source) {
                    session.movedTo(target, files);
                    edits.saved(revision);
                }
                session.savedAt(target.dir());
                session.tell("Saved " + target.projectFile());
                afterSaved.run();
            }, e -> dialogs.showError("Could not save", ProjectSession.message(e)));
        }, e -> dialogs.showError("Could not save", ProjectSession.message(e)));
    }

    /** Writes the unsaved state beside the project file when there is anything new (or removes it once saved). */
    void autosave() {
        if (edits.sinceAutosave() == 0) {
            return;
        }
        edits.autosaved();
        ProjectFolder target = session.folder();
        boolean hasEdits = edits.isDirty();
        Project snapshot = edits.project();
        tasks.run(() -> {
            if (hasEdits) {
                target.autosave(snapshot);
            } else {
                target.discardAutosave();
            }
            return null;
        }, ok -> {
            if (hasEdits) {
                session.tell("Autosaved");
            }
        }, e -> session.tell("Autosave failed: " + e.getMessage()));
    }
}
