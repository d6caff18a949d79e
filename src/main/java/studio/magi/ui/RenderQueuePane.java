package studio.magi.ui;

import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/** The renders waiting and running, as the render service lists them; empty while there is none. */
final class RenderQueuePane extends BorderPane {
    RenderQueuePane(ObservableList<QueuedRender> queue) {
        setId("render-queue");
        getStyleClass().add("panel");
        Label title = new Label("Render Queue");
        title.getStyleClass().add("panel-title");
        setTop(title);
        ListView<QueuedRender> list = new ListView<>(queue);
        list.setId("render-queue-list");
        Label placeholder = new Label("Nothing is rendering. This build has no render service yet.");
        placeholder.setWrapText(true);
        placeholder.getStyleClass().add("hint");
        placeholder.setPadding(new Insets(12));
        list.setPlaceholder(placeholder);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(QueuedRender r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    return;
                }
                ProgressBar bar = new ProgressBar(r.progress());
                bar.setMaxWidth(Double.MAX_VALUE);
                setGraphic(new VBox(2, new Label(r.chunk() + " \u00b7 " + r.state()), bar));
            }
        });
        setCenter(list);
    }
}
