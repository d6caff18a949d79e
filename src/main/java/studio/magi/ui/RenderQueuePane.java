package studio.magi.ui;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import studio.magi.render.QueueLine;

/** The renders waiting and running (each can be cancelled), and the ones that failed with why. */
final class RenderQueuePane extends BorderPane {
    private final ObservableList<QueueLine> lines = FXCollections.observableArrayList();

    RenderQueuePane(Renders renders) {
        setId("render-queue");
        getStyleClass().add("panel");
        Label title = new Label("Render Queue");
        title.getStyleClass().add("panel-title");
        Button cancelAll = new Button("Cancel All");
        cancelAll.setId("cancel-all-renders");
        cancelAll.getStyleClass().addAll("flat", "small");
        cancelAll.setFocusTraversable(false);
        cancelAll.setOnAction(e -> renders.cancelAll());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(title, spacer, cancelAll);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(0, 6, 0, 0));
        setTop(top);

        ListView<QueueLine> list = new ListView<>(lines);
        list.setId("render-queue-list");
        Label placeholder = new Label();
        placeholder.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            String model = renders.modelStateProperty().get();
            return model.isEmpty() ? "Nothing is rendering. Render (Ctrl+R) renders every chunk that is not rendered yet."
                    : model;
        }, renders.modelStateProperty()));
        placeholder.setWrapText(true);
        placeholder.getStyleClass().add("hint");
        placeholder.setPadding(new Insets(12));
        list.setPlaceholder(placeholder);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(QueueLine line, boolean empty) {
                super.updateItem(line, empty);
                if (empty || line == null) {
                    setGraphic(null);
                    return;
                }
                Label what = new Label(line.label());
                Label state = new Label(line.state());
                state.getStyleClass().add(line.state().startsWith("failed") ? "danger" : "hint");
                state.setWrapText(true);
                VBox text = new VBox(2, what, state);
                if (!line.state().startsWith("failed")) {
                    ProgressBar bar = new ProgressBar(line.progress());
                    bar.setMaxWidth(Double.MAX_VALUE);
                    text.getChildren().add(bar);
                }
                HBox.setHgrow(text, Priority.ALWAYS);
                HBox row = new HBox(6, text);
                if (line.job() > 0 && !line.state().startsWith("failed")) {
                    Button cancel = PreviewPane.iconButton("mdi2c-close", "Cancel this render",
                            () -> renders.cancelJob(line.job()));
                    row.getChildren().add(cancel);
                }
                row.setAlignment(Pos.CENTER_LEFT);
                setGraphic(row);
            }
        });
        setCenter(list);
        renders.boardProperty().addListener((o, a, b) -> {
            if (!b.queue().equals(lines)) {
                lines.setAll(b.queue());
            }
        });
        cancelAll.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(lines));
    }
}
