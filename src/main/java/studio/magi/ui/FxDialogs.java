package studio.magi.ui;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextInputDialog;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The studio's questions as native choosers and JavaFX dialogs. */
final class FxDialogs implements UserDialogs {
    private final Window owner;
    private File lastFolder;

    FxDialogs(Window owner) {
        this.owner = owner;
    }

    @Override
    public Optional<Path> chooseFolder(String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File f = chooser.showDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f.getParentFile();
        return Optional.of(f.toPath());
    }

    @Override
    public List<Path> chooseMediaFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import Media");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Images and videos", "*.png", "*.jpg", "*.jpeg", "*.mp4", "*.mov",
                        "*.webm", "*.mkv"),
                new FileChooser.ExtensionFilter("All files", "*"));
        List<File> files = chooser.showOpenMultipleDialog(owner);
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }

    @Override
    public boolean offerAutosave(String project, Instant when) {
        ButtonType recover = new ButtonType("Recover", ButtonBar.ButtonData.OK_DONE);
        ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", recover, discard);
        a.initOwner(owner);
        a.setTitle("Recover Autosave");
        a.setHeaderText("Recover unsaved edits?");
        a.setContentText("MAGI Studio autosaved edits to " + project + " at "
                + DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withZone(ZoneId.systemDefault()).format(when)
                + " that were never saved. Recover them, or discard them?");
        return a.showAndWait().orElse(discard) == recover;
    }

    @Override
    public SaveChoice askToSaveChanges(String project) {
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't Save", ButtonBar.ButtonData.NO);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Your edits will be lost if you don't save them.",
                save, discard, cancel);
        a.initOwner(owner);
        a.setTitle("Unsaved Edits");
        a.setHeaderText("Save the edits to " + project + "?");
        ButtonType answer = a.showAndWait().orElse(cancel);
        return answer == save ? SaveChoice.SAVE : answer == discard ? SaveChoice.DISCARD : SaveChoice.CANCEL;
    }

    @Override
    public Optional<String> askProjectName(String current) {
        TextInputDialog d = new TextInputDialog(current);
        d.initOwner(owner);
        d.setTitle("Rename Project");
        d.setHeaderText("Project name");
        return d.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
    }

    @Override
    public Optional<Path> chooseExportTarget(String what, String suggested) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export " + what);
        chooser.setInitialFileName(suggested);
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File f = chooser.showSaveDialog(owner);
        if (f == null) {
            return Optional.empty();
        }
        lastFolder = f.getParentFile();
        return Optional.of(f.toPath());
    }

    @Override
    public Optional<String> askDevices(String current) {
        TextInputDialog d = new TextInputDialog(current == null ? "" : current);
        d.initOwner(owner);
        d.setTitle("Preferences");
        d.setHeaderText("Render on this machine's devices, or on a cluster");
        d.setContentText("cpu, or gpu:0,gpu:1 (one model on each; takes and shots spread over them), or cluster NAME (a"
                + " cluster of clusters.json, docs/FARM.md). Empty: the first GPU, else the CPU. Only the CPU is"
                + " tested. Takes effect when the studio next starts.");
        d.getDialogPane().setMinWidth(560);
        return d.showAndWait().map(String::strip);
    }

    @Override
    public void showError(String title, String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(title);
        a.getDialogPane().setMinWidth(520);
        a.showAndWait();
    }
}
