package studio.magi.ui;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The questions the studio asks its user. Tests answer them without native dialogs. */
public interface UserDialogs {
    enum SaveChoice { SAVE, DISCARD, CANCEL }

    /** A folder to open a project from, or to save one into. */
    Optional<Path> chooseFolder(String title);

    /** Image and video files to import. */
    List<Path> chooseMediaFiles();

    /** Whether to bring back edits autosaved at {@code when} that the project file does not hold. */
    boolean offerAutosave(String project, Instant when);

    SaveChoice askToSaveChanges(String project);

    Optional<String> askProjectName(String current);

    /** Where to export {@code what} ("an MP4 (H.264, 24 fps)"), starting from a file named {@code suggested}. */
    Optional<Path> chooseExportTarget(String what, String suggested);

    /** The devices to render on ("cpu", "gpu:0,gpu:1"); empty when the question is cancelled. */
    Optional<String> askDevices(String current);

    void showError(String title, String message);
}
