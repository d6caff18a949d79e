package studio.magi.ui;

import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
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
        cancelAll.disableProperty().bind(Bindings.isEmpty(lines));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(title, spacer, cancelAll);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(0, 6, 0, 0));
        setTop(top);

        ListView<QueueLine> list = new ListView<>(lines);
        list.setId("render-queue-list");
        Label idle = new Label();
        idle.textProperty().bind(Bindings.createStringBinding(() -> {
            String model = renders.modelStateProperty().get();
            return model.isEmpty() ? "Nothing is rendering. Render (Ctrl+R) renders every chunk that is not rendered yet."
                    : model;
        }, renders.modelStateProperty()));
        idle.setWrapText(true);
        idle.getStyleClass().add("hint");
        idle.setPadding(new Insets(12));
        list.setPlaceholder(idle);
        list.setCellFactory(v -> new LineCell(renders));
        setCenter(list);
        list.heightProperty().addListener(new InvalidationListener() {
            @Override
            public void invalidated(Observable o) {
                list.heightProperty().removeListener(this);
                Platform.runLater(() -> makeCells(list));
            }
        });
        renders.boardProperty().addListener((o, a, b) -> {
            if (b.queue().size() != lines.size()) {
                lines.setAll(b.queue());
                return;
            }
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).equals(b.queue().get(i))) {
                    lines.set(i, b.queue().get(i));
                }
            }
        });
    }

    /**
     * Makes the list's cells while the window opens, for a line removed before any pulse paints it. Made at the first
     * Render, the cells (their nodes, tooltip, styles, and code run for the first time) cost the FX thread some 40 ms
     * in one pulse, a dropped frame just as playback starts; kept by the list, they serve the real lines.
     */
    private void makeCells(ListView<QueueLine> list) {
        if (!lines.isEmpty()) {
            return;
        }
        lines.add(new QueueLine(0, "", "", 0));
        list.applyCss();
        list.layout();
        list.applyCss();
        lines.clear();
        list.layout();
    }

    /** One line, its nodes made once and updated as its render goes on (the queue changes at every step). */
    private static final class LineCell extends ListCell<QueueLine> {
        private final Label what = new Label();
        private final Label state = new Label();
        private final ProgressBar bar = new ProgressBar();
        private final Button cancel;
        private final HBox row;
        private long job;

        LineCell(Renders renders) {
            state.setWrapText(true);
            bar.setMaxWidth(Double.MAX_VALUE);
            cancel = PreviewPane.iconButton("mdi2c-close", "Cancel this render", () -> renders.cancelJob(job));
            VBox text = new VBox(2, what, state, bar);
            HBox.setHgrow(text, Priority.ALWAYS);
            row = new HBox(6, text, cancel);
            row.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(QueueLine line, boolean empty) {
            super.updateItem(line, empty);
            if (empty || line == null) {
                setGraphic(null);
                return;
            }
            boolean failed = line.state().startsWith("failed");
            job = line.job();
            what.setText(line.label());
            state.setText(line.state());
            String look = failed ? "danger" : "hint";
            if (!state.getStyleClass().contains(look)) {
                state.getStyleClass().setAll("label", look);
            }
            bar.setProgress(line.progress());
            bar.setVisible(!failed);
            bar.setManaged(!failed);
            cancel.setVisible(!failed && line.job() > 0 && !line.state().equals("cancelling"));
            setGraphic(row);
        }
    }
}
