package studio.magi.ui;

import atlantafx.base.theme.PrimerDark;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.collections.FXCollections;
import javafx.stage.Stage;

/** The studio application: a new untitled project, or the project folder given as {@code --project=DIR}. */
public class StudioApp extends Application {
    private TaskExecutor tasks;

    /** Opens the studio and returns when its window is closed. */
    public static void open(Path project) {
        Application.launch(StudioApp.class, project == null ? new String[0] : new String[] {"--project=" + project});
    }

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        tasks = new FxTaskExecutor();
        StudioWindow window = new StudioWindow(stage, new StudioServices(tasks, FxDialogs::new, StudioFolders.ofUser(),
                FrameSource.NO_RENDERS, FXCollections.observableArrayList()));
        stage.show();
        String project = getParameters().getNamed().get("project");
        if (project != null) {
            window.session().open(Path.of(project));
        } else {
            window.focusPrompt();
            window.session().recoverUnsaved();
        }
    }

    @Override
    public void stop() {
        if (tasks != null) {
            tasks.shutdown();
        }
    }
}
