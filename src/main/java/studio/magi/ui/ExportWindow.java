package studio.magi.ui;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import studio.magi.project.Project;
import studio.magi.render.ExportException;
import studio.magi.render.FilmExport;
import studio.magi.render.RenderModel;
import studio.magi.render.RenderedFilm;

/**
 * An export in progress: a small window with what is being written, a progress bar and Cancel. The export runs on its
 * own thread; the window closes when it ends and the outcome goes to {@code done}.
 */
final class ExportWindow {
    /** How an export ended, in words for the status bar, or with an error for a dialog. */
    record Ended(String message, boolean failed) {
    }

    private ExportWindow() {
    }

    static void start(Window owner, Project project, Path projectDir, RenderModel model, FilmExport.Format format,
                      Path target, java.util.function.Consumer<Ended> done) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Export");
        Label what = new Label("Exporting " + format.what() + " to " + target);
        what.setWrapText(true);
        ProgressBar bar = new ProgressBar(0);
        bar.setId("export-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        Label count = new Label("Reading the renders\u2026");
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-export");
        cancel.setOnAction(e -> {
            cancelled.set(true);
            cancel.setDisable(true);
            count.setText("Cancelling\u2026");
        });
        HBox buttons = new HBox(cancel);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox root = new VBox(10, what, bar, count, buttons);
        root.setPadding(new Insets(16));
        root.setPrefWidth(480);
        stage.setScene(new Scene(root));
        stage.setOnCloseRequest(e -> {
            e.consume();
            cancelled.set(true);
        });
        stage.show();
        Thread worker = new Thread(() -> {
            Ended ended;
            try {
                RenderedFilm film = RenderedFilm.of(project, projectDir, model);
                FilmExport.Outcome outcome = FilmExport.export(film, format, target, (n, total) -> Platform.runLater(() -> {
                    bar.setProgress(total == 0 ? 0 : (double) n / total);
                    count.setText(n + " of " + total + " clips");
                }), cancelled::get);
                ended = outcome == FilmExport.Outcome.WRITTEN ? new Ended("Exported " + target, false)
                        : new Ended("Export cancelled; nothing was written to " + target.getFileName(), false);
            } catch (ExportException e) {
                ended = new Ended(e.getMessage(), true);
            } catch (Exception e) {
                ended = new Ended("The export failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()), true);
            }
            Ended result = ended;
            Platform.runLater(() -> {
                stage.hide();
                done.accept(result);
            });
        }, "export");
        worker.setDaemon(true);
        worker.start();
    }
}
