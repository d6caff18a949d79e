package studio.magi.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.Take;
import studio.magi.project.edit.AddTakes;
import studio.magi.project.edit.ChooseTake;
import studio.magi.render.ChunkStatus;

/**
 * The selected chunk's takes: Render 3 Takes (other seeds continuing the same history), each take with its middle
 * frame, seed and render state; selecting one compares it in the preview, Keep makes the chunk play it. The list is
 * redrawn when a take's state or frame changes, not at every step of every render.
 */
final class TakesPane extends VBox {
    private final ProjectSession session;
    private final ChunkActions actions;
    private final Renders renders;
    private final PreviewModel preview;
    private final Button renderTakes = new Button("Render 3 Takes");
    private final ListView<Take> takes = new ListView<>();
    private List<Object> shown = List.of();
    private boolean showing;

    TakesPane(ProjectSession session, ChunkActions actions, Renders renders, PreviewModel preview) {
        super(6);
        this.session = session;
        this.actions = actions;
        this.renders = renders;
        this.preview = preview;
        takes.setId("takes");
        takes.setPrefHeight(150);
        Label noTakes = new Label("No takes yet. Render takes to compare other seeds of this second, then keep one.");
        noTakes.setWrapText(true);
        noTakes.getStyleClass().add("hint");
        takes.setPlaceholder(noTakes);
        takes.setCellFactory(v -> new TakeCell());
        takes.getSelectionModel().selectedIndexProperty().addListener((o, a, index) -> compareSelected());
        renderTakes.setId("render-takes");
        renderTakes.setTooltip(new Tooltip("Renders this chunk with other seeds, continuing the same history"));
        renderTakes.setOnAction(e -> addTakes());
        renders.boardProperty().addListener((o, a, b) -> redrawIfChanged());
        renders.framesLoadedProperty().addListener((o, a, b) -> redrawIfChanged());
        getChildren().addAll(renderTakes, takes);
    }

    /** The takes of the chunk at {@code at} (none when nothing is selected), none of them compared. */
    void show(Optional<ChunkPosition> at, Project p) {
        showing = true;
        try {
            renderTakes.setDisable(at.isEmpty() || !renders.readyProperty().get());
            List<Take> list = at.map(x -> p.chunk(x).takes()).orElse(List.of());
            if (!takes.getItems().equals(list)) {
                takes.getItems().setAll(list);
            }
            takes.getSelectionModel().clearSelection();
            redraw();
        } finally {
            showing = false;
        }
    }

    private void redrawIfChanged() {
        if (!looks().equals(shown)) {
            redraw();
        }
    }

    private void redraw() {
        shown = looks();
        takes.refresh();
    }

    /** What the cells show that the renders decide: each take's state and whether its frame is at hand. */
    private List<Object> looks() {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < takes.getItems().size(); i++) {
            Optional<String> key = takeKey(i);
            out.add(key.map(k -> renders.board().takeStatus(k)).orElse(ChunkStatus.NOT_RENDERED));
            out.add(key.flatMap(k -> renders.frame(k, Chunk.FRAMES / 2)).isPresent());
        }
        return out;
    }

    /** Three takes to compare: the one the chunk plays now and two new seeds (or three more when it has takes). */
    private void addTakes() {
        actions.selection().ifPresent(at -> {
            Project p = session.project();
            Shot shot = p.shots().get(at.shot());
            Chunk chunk = p.chunk(at);
            if (renders.takeKey(shot, at.chunk(), chunk.seed()).isEmpty()) {
                session.tell("Takes cannot be rendered yet: " + renders.status(chunk.id()).describe() + ".");
                return;
            }
            List<Long> seeds = new ArrayList<>();
            if (chunk.takes().isEmpty()) {
                seeds.add(chunk.seed());
            }
            while (seeds.size() < 3) {
                long s = Chunk.randomSeed();
                if (!seeds.contains(s) && chunk.takes().stream().noneMatch(t -> t.seed() == s)) {
                    seeds.add(s);
                }
            }
            List<Take> added = seeds.stream()
                    .map(s -> new Take(s, renders.takeKey(shot, at.chunk(), s).orElseThrow())).toList();
            if (session.execute(new AddTakes(chunk.id(), added))) {
                renders.renderTakes(chunk.id());
            }
        });
    }

    private Optional<String> takeKey(int index) {
        Optional<ChunkPosition> at = actions.selection();
        if (at.isEmpty()) {
            return Optional.empty();
        }
        Project p = session.project();
        Chunk chunk = p.chunk(at.get());
        if (index < 0 || index >= chunk.takes().size()) {
            return Optional.empty();
        }
        return renders.takeKey(p.shots().get(at.get().shot()), at.get().chunk(), chunk.takes().get(index).seed());
    }

    private void compareSelected() {
        int index = takes.getSelectionModel().getSelectedIndex();
        Optional<String> key = takeKey(index);
        Optional<ChunkPosition> at = actions.selection();
        if (showing || key.isEmpty() || at.isEmpty()) {
            preview.endComparison();
            return;
        }
        Chunk chunk = session.project().chunk(at.get());
        actions.playheadToSelection();
        preview.compare(chunk.id(), key.get(), "Take " + (index + 1) + (index == chunk.chosenTake() ? " (kept)"
                : " \u2014 comparing; Keep to use it"));
    }

    /** One take: its middle frame, seed, render state, and Keep. */
    private final class TakeCell extends ListCell<Take> {
        @Override
        protected void updateItem(Take take, boolean empty) {
            super.updateItem(take, empty);
            setText(null);
            if (empty || take == null) {
                setGraphic(null);
                return;
            }
            int index = getIndex();
            Optional<String> key = takeKey(index);
            ChunkStatus status = key.map(k -> renders.board().takeStatus(k)).orElse(ChunkStatus.NOT_RENDERED);
            ImageView thumb = new ImageView(key.flatMap(k -> renders.frame(k, Chunk.FRAMES / 2)).orElse(null));
            thumb.setFitWidth(40);
            thumb.setFitHeight(40);
            thumb.setSmooth(false);
            StackPane frame = new StackPane(thumb);
            frame.setMinSize(40, 40);
            frame.setMaxSize(40, 40);
            frame.getStyleClass().add("take-thumb");
            Chunk chunk = actions.selection().map(at -> session.project().chunk(at)).orElse(null);
            boolean kept = chunk != null && chunk.chosenTake() == index;
            Label name = new Label("Take " + (index + 1) + (kept ? " \u00b7 kept" : ""));
            Label detail = new Label("seed " + take.seed() + " \u00b7 " + status.describe());
            detail.getStyleClass().add("hint");
            VBox text = new VBox(2, name, detail);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox row = new HBox(8, frame, text);
            row.setAlignment(Pos.CENTER_LEFT);
            if (!kept && chunk != null) {
                Button keep = new Button("Keep");
                keep.getStyleClass().add("small");
                keep.setOnAction(e -> {
                    session.execute(new ChooseTake(chunk.id(), index));
                    preview.endComparison();
                });
                row.getChildren().add(keep);
            }
            setGraphic(row);
        }
    }
}
