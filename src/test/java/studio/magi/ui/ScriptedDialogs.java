package studio.magi.ui;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** Answers the studio's questions as a test scripted them, and remembers what it was told. */
final class ScriptedDialogs implements UserDialogs {
    final Deque<Path> folders = new ArrayDeque<>();
    final List<Path> mediaFiles = new ArrayList<>();
    final Deque<SaveChoice> saveChoices = new ArrayDeque<>();
    boolean recoverAutosave;
    String projectName;
    final List<String> autosaveOffers = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final Deque<Path> exportTargets = new ArrayDeque<>();
    String devices;
    int saveQuestions;

    @Override
    public Optional<Path> chooseFolder(String title) {
        return Optional.ofNullable(folders.poll());
    }

    @Override
    public List<Path> chooseMediaFiles() {
        return List.copyOf(mediaFiles);
    }

    @Override
    public boolean offerAutosave(String project, Instant when) {
        autosaveOffers.add(project);
        return recoverAutosave;
    }

    @Override
    public SaveChoice askToSaveChanges(String project) {
        saveQuestions++;
        return saveChoices.isEmpty() ? SaveChoice.CANCEL : saveChoices.poll();
    }

    @Override
    public Optional<String> askProjectName(String current) {
        return Optional.ofNullable(projectName);
    }

    @Override
    public Optional<Path> chooseExportTarget(String what, String suggested) {
        return Optional.ofNullable(exportTargets.poll());
    }

    @Override
    public Optional<String> askDevices(String current) {
        return Optional.ofNullable(devices);
    }

    @Override
    public void showError(String title, String message) {
        errors.add(title + ": " + message);
    }
}
