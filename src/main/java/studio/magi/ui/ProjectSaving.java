package studio.magi.ui;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import studio.magi.project.Project;
import studio.magi.project.edit.RenameProject;
import studio.magi.project.store.ProjectFolder;
import studio.magi.project.store.SaveFailure;

/**
 * Save, Save As and autosave of the session's project. The project as it is when asked is written off the FX thread;
 * when the write is done, the revision written is marked saved, unless another project took the window's place
 * meanwhile. Save As copies media and renders into the new folder first (a project never saved leaves its unsaved
 * folder behind); an untitled project takes the new folder's name. A failure is said in the user's words
 * ({@link SaveFailure}) in a dialog; a failing autosave once, then in the status bar until it works again.
 */
final class ProjectSaving {
    private final ProjectSession session;
    private final ProjectEdits edits;
    private final TaskExecutor tasks;
    private final UserDialogs dialogs;
    private final UnsavedProjects unsaved;
    private boolean autosaveFailing;

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
            requireFolder(target);
            target.save(snapshot);
            return null;
        }, ok -> {
            if (session.folder() == target) {
                edits.saved(revision);
            }
            session.tell("Saved " + target.projectFile());
            afterSaved.run();
        }, e -> failed("Could not save", target.dir(), e, " The project on disk is unchanged."));
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
            }, e -> failed("Could not save", target.dir(), e, " The project was not saved there."));
        }, e -> failed("Could not save", chosen.get(), e, ""));
    }

    /** Writes the unsaved state beside the project file when there is anything new (or removes it once saved). */
    void autosave() {
        if (edits.sinceAutosave() == 0) {
            return;
        }
        edits.autosaved();
        ProjectFolder target = session.folder();
        boolean ownFolder = !session.untitled();
        boolean hasEdits = edits.isDirty();
        Project snapshot = edits.project();
        tasks.run(() -> {
            if (ownFolder) {
                requireFolder(target);
            }
            if (hasEdits) {
                target.autosave(snapshot);
            } else {
                target.discardAutosave();
            }
            return null;
        }, ok -> {
            autosaveFailing = false;
            if (hasEdits) {
                session.tell("Autosaved");
            }
        }, e -> {
            // Said once until an autosave works again: a dialog every 30 seconds would keep the user from saving.
            if (autosaveFailing) {
                session.tell("Could not autosave. " + SaveFailure.describe(target.dir(), e));
            } else {
                failed("Could not autosave", target.dir(), e, " Your edits are still open: save them, or use Save As"
                        + " to save them into another folder.");
            }
            autosaveFailing = true;
        });
    }

    /** A failure the user must see: a dialog that stays until closed, and the status bar no longer says "Saved". */
    private void failed(String title, Path folder, Exception e, String consequence) {
        String why = SaveFailure.describe(folder, e);
        session.tell(title + ". " + why);
        dialogs.showError(title, why + consequence);
    }

    /**
     * A saved project's folder that is gone (moved, deleted, its disk unplugged) is not made anew: the project would
     * land where the user no longer looks.
     */
    private static void requireFolder(ProjectFolder f) throws NoSuchFileException {
        if (!Files.isDirectory(f.dir())) {
            throw new NoSuchFileException(f.dir().toString());
        }
    }
}
