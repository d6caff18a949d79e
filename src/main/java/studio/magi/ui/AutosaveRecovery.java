package studio.magi.ui;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import studio.magi.project.Project;
import studio.magi.project.edit.ReplaceProject;
import studio.magi.project.store.MediaFile;
import studio.magi.project.store.ProjectFolder;

/**
 * Crash recovery: autosaved edits offered back. A project opened with an autosave newer than its file gets them back
 * as one undoable edit (or, declined, the autosave is deleted); at start, the newest never-saved project a studio left
 * behind is offered back as an unsaved project. Disk work off the FX thread.
 */
final class AutosaveRecovery {
    private final ProjectSession session;
    private final TaskExecutor tasks;
    private final UserDialogs dialogs;
    private final UnsavedProjects unsaved;

    private record Recovered(Project project, List<MediaFile> media) {
    }

    AutosaveRecovery(ProjectSession session, TaskExecutor tasks, UserDialogs dialogs, UnsavedProjects unsaved) {
        this.session = session;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.unsaved = unsaved;
    }

    /** The project just opened from {@code f} has an autosave from {@code when}, newer than its file. */
    void offer(ProjectFolder f, Instant when) {
        if (!dialogs.offerAutosave(session.project().name(), when)) {
            tasks.run(() -> {
                f.discardAutosave();
                return null;
            }, ok -> session.tell("Discarded the autosaved edits."),
                    e -> session.tell("Could not discard the autosave: " + e.getMessage()));
            return;
        }
        tasks.run(f::openAutosave, recovered -> {
            if (session.folder() == f) {
                session.execute(new ReplaceProject(recovered, "Recover Autosave"));
                session.tell("Recovered the autosaved edits; save to keep them.");
            }
        }, e -> dialogs.showError("Cannot recover the autosave", ProjectSession.message(e)
                + " The project opened as last saved; the autosave file was left as it is."));
    }

    /** Offers back the newest project that was never saved and whose studio did not close normally. */
    void offerUnsaved() {
        Path current = session.folder().dir();
        tasks.run(() -> unsaved.newestAutosaved(current), found -> found.ifPresent(this::offerUnsaved),
                e -> session.tell("Could not look for unsaved projects: " + e.getMessage()));
    }

    private void offerUnsaved(UnsavedProjects.Unsaved found) {
        ProjectFolder f = found.folder();
        if (!dialogs.offerAutosave("an unsaved project", found.when())) {
            session.discardUnsavedLater(f);
            return;
        }
        session.leaveThen(() -> tasks.run(() -> new Recovered(f.openAutosave(), f.media()), recovered -> {
            session.adopt(f, true, recovered.project(), true, recovered.media());
            session.tell("Recovered an unsaved project; save it to keep it.");
        }, e -> dialogs.showError("Cannot recover the unsaved project", ProjectSession.message(e))));
    }
}
