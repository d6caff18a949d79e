package studio.magi.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The studio window. */
public class StudioApp extends Application {
    public static void open(String[] args) {
        Application.launch(StudioApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("MAGI Studio");
        stage.setScene(new Scene(new Label("MAGI Studio"), 1280, 800));
        stage.show();
    }
}
