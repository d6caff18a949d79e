package studio.magi.ui;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.DefaultPropertyEditorFactory;
import org.controlsfx.property.editor.Editors;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.kordamp.ikonli.javafx.FontIcon;
import studio.magi.render.ChunkStatus;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotSettings;
import studio.magi.project.Take;
import studio.magi.project.edit.ChangeShotSettings;
import studio.magi.project.edit.AddTakes;
import studio.magi.project.edit.ChooseTake;
import studio.magi.project.edit.SetPrompt;
import studio.magi.project.edit.SetSeed;

/**
 * The selected chunk: its prompt (typing is one undo step per visit; words the model does not know are marked), seed
 * and takes (render several, compare them in the preview, keep one), and the settings of its shot in a property
 * sheet. Everything it changes goes through the project's commands, so undo covers it.
 */
final class ChunkInspector extends ScrollPane {
    private final ProjectSession session;
    private final ChunkActions actions;
    private final Renders renders;
    private final PreviewModel preview;
    private final Label heading = new Label();
    private final TextFlow words = new TextFlow();
    private final Label unknown = new Label();
    private final Button renderTakes = new Button("Render 3 Takes");
    private final Label carries = new Label();
    private final TextArea prompt = new TextArea();
    private final TextField seed = new TextField();
    private final ListView<Take> takes = new ListView<>();
    private final Label shotHeading = new Label();
    private final Label shotStart = new Label();
    private final PropertySheet settings = new PropertySheet();
    private final VBox content;
    private final List<Setting<?>> settingItems;
    private boolean updating;

    ChunkInspector(ProjectSession session, ChunkActions actions, Renders renders, PreviewModel preview) {
        this.session = session;
        this.actions = actions;
        this.renders = renders;
        this.preview = preview;
        setId("inspector");
        getStyleClass().add("inspector");
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);

        heading.getStyleClass().add("inspector-heading");
        prompt.setId("prompt");
        prompt.setWrapText(true);
        prompt.setPrefRowCount(3);
        prompt.textProperty().addListener((o, a, text) -> {
            if (!updating) {
                actions.selection().ifPresent(at -> session.execute(new SetPrompt(session.project().chunk(at).id(), text)));
            }
        });
        prompt.focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                session.seal();
            }
        });
        carries.getStyleClass().add("hint");
        carries.setWrapText(true);
        words.setId("prompt-words");
        unknown.setId("unknown-words");
        unknown.getStyleClass().add("danger");
        unknown.setWrapText(true);
        renders.readyProperty().addListener((o, a, b) -> refresh());

        seed.setId("seed");
        seed.setTextFormatter(new TextFormatter<String>(change ->
                change.getControlNewText().matches("\\d{0,15}") ? change : null));
        seed.setOnAction(e -> commitSeed());
        seed.focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                commitSeed();
            }
        });
        HBox.setHgrow(seed, Priority.ALWAYS);
        Button dice = new Button(null, new FontIcon("mdi2d-dice-5"));
        dice.setId("new-seed");
        dice.setTooltip(new Tooltip("New random seed"));
        dice.setOnAction(e -> actions.newSeed());
        HBox seedRow = new HBox(6, seed, dice);
        seedRow.setAlignment(Pos.CENTER_LEFT);

        takes.setId("takes");
        takes.setPrefHeight(150);
        Label noTakes = new Label("No takes yet. Render takes to compare other seeds of this second, then keep one.");
        noTakes.setWrapText(true);
        noTakes.getStyleClass().add("hint");
        takes.setPlaceholder(noTakes);
        takes.setCellFactory(v -> new TakeCell());
        takes.getSelectionModel().selectedIndexProperty().addListener((o, a, index) -> compareSelectedTake());
        renderTakes.setId("render-takes");
        renderTakes.setTooltip(new Tooltip("Renders this chunk with other seeds, continuing the same history"));
        renderTakes.setOnAction(e -> addTakes());
        renders.boardProperty().addListener((o, a, b) -> takes.refresh());

        shotHeading.getStyleClass().add("inspector-heading");
        shotStart.getStyleClass().add("hint");
        settingItems = List.of(
                new Setting<>("Steps", "Denoising steps per chunk: more is finer and slower.", Integer.class,
                        ShotSettings::steps, ShotSettings::withSteps, ShotSettings.STEP_CHOICES),
                new Setting<>("Guidance passes", "Passes per step: 3 = text and history guidance, 1 for distilled models.",
                        Integer.class, ShotSettings::cfgNumber, ShotSettings::withCfgNumber, List.of(1, 2, 3)),
                new Setting<>("Text guidance", "How strongly the prompt steers (0 to " + (int) ShotSettings.MAX_TEXT_GUIDANCE + ").",
                        ShotSettings::textGuidance, ShotSettings::withTextGuidance, ShotSettings.MAX_TEXT_GUIDANCE),
                new Setting<>("History guidance", "How strongly earlier chunks steer (0 to "
                        + (int) ShotSettings.MAX_HISTORY_GUIDANCE + ").",
                        ShotSettings::historyGuidance, ShotSettings::withHistoryGuidance, ShotSettings.MAX_HISTORY_GUIDANCE),
                new Setting<>("Window", "Chunks denoised together (1 to 4).", Integer.class, ShotSettings::window,
                        ShotSettings::withWindow, List.of(1, 2, 3, 4)),
                new Setting<>("Model", "The model that renders this shot.", String.class, ShotSettings::model, null, null));
        settings.setId("shot-settings");
        settings.setModeSwitcherVisible(false);
        settings.setSearchBoxVisible(false);
        settings.setMode(PropertySheet.Mode.NAME);
        settings.setPropertyEditorFactory(new DefaultPropertyEditorFactory() {
            @Override
            public org.controlsfx.property.editor.PropertyEditor<?> call(PropertySheet.Item item) {
                if (item instanceof Setting<?> s && s.choices != null) {
                    return Editors.createChoiceEditor(item, s.choices);
                }
                if (item instanceof Setting<?> s && s.max > 0) {
                    return new ScaleEditor(item, s.max);
                }
                return super.call(item);
            }
        });
        settings.getItems().setAll(settingItems);

        content = new VBox(6,
                heading, section("Prompt"), prompt, words, unknown, carries,
                section("Seed"), seedRow,
                section("Takes"), renderTakes, takes,
                shotHeading, shotStart, settings);
        content.setPadding(new Insets(12));
        setContent(content);

        session.projectProperty().addListener((o, a, b) -> refresh());
        actions.selectedProperty().addListener((o, a, b) -> {
            session.seal();
            refresh();
        });
        refresh();
    }

    /** Puts the cursor in the prompt, ready to type. */
    void focusPrompt() {
        prompt.requestFocus();
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("inspector-section");
        return l;
    }

    private void commitSeed() {
        if (updating || seed.getText().isEmpty()) {
            return;
        }
        actions.selection().ifPresent(at -> {
            Chunk c = session.project().chunk(at);
            long value = Long.parseLong(seed.getText());
            if (value != c.seed()) {
                session.execute(new SetSeed(c.id(), value));
            }
        });
    }

    private void refresh() {
        updating = true;
        try {
            Project p = session.project();
            Optional<ChunkPosition> at = actions.selection();
            content.setDisable(at.isEmpty());
            preview.endComparison();
            showWords(at.map(x -> p.shots().get(x.shot()).effectivePrompt(x.chunk())).orElse(""));
            renderTakes.setDisable(at.isEmpty() || !renders.readyProperty().get());
            if (at.isEmpty()) {
                heading.setText("No chunk selected");
                setText(prompt, "");
                carries.setText("Select a chunk on the timeline.");
                seed.setText("");
                takes.getItems().clear();
                shotHeading.setText("Shot");
                shotStart.setText("");
                return;
            }
            Shot shot = p.shots().get(at.get().shot());
            Chunk chunk = p.chunk(at.get());
            int startFrame = p.chunkStartFrame(at.get());
            heading.setText("Chunk " + (at.get().chunk() + 1) + " of Shot " + (at.get().shot() + 1) + "  \u00b7  "
                    + Timecode.of(startFrame));
            setText(prompt, chunk.prompt());
            String carried = shot.effectivePrompt(at.get().chunk());
            prompt.setPromptText(at.get().chunk() == 0 ? "Describe this second of the shot\u2026"
                    : "Empty: continues the prompt before it");
            carries.setText(shot.carriesPrompt(at.get().chunk()) ? "Continues \u201c" + carried + "\u201d" : "");
            carries.setManaged(!carries.getText().isEmpty());
            if (!seed.isFocused() || !seed.getText().equals(Long.toString(chunk.seed()))) {
                seed.setText(Long.toString(chunk.seed()));
            }
            if (!takes.getItems().equals(chunk.takes())) {
                takes.getItems().setAll(chunk.takes());
            }
            takes.getSelectionModel().clearSelection();
            takes.refresh();
            shotHeading.setText("Shot " + (at.get().shot() + 1) + " settings");
            int n = shot.chunks().size();
            shotStart.setText(TimelineView.startLabel(p, shot.start()) + " \u00b7 " + n + (n == 1 ? " chunk" : " chunks"));
            for (Setting<?> s : settingItems) {
                s.show(shot.settings());
            }
        } finally {
            updating = false;
        }
    }

    /** The prompt as the model reads it: each word it does not know marked, and named below. */
    private void showWords(String text) {
        List<String> unknownWords = renders.unknownWords(text);
        words.getChildren().clear();
        for (String w : text.strip().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            Text t = new Text(w + " ");
            boolean bad = unknownWords.contains(w.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", ""));
            t.getStyleClass().add(bad ? "unknown-word" : "known-word");
            words.getChildren().add(t);
        }
        words.setManaged(!unknownWords.isEmpty());
        words.setVisible(!unknownWords.isEmpty());
        unknown.setText(unknownWords.isEmpty() ? "" : "The model does not know " + quoted(unknownWords)
                + ": read as unknown.");
        unknown.setManaged(!unknownWords.isEmpty());
    }

    private static String quoted(List<String> list) {
        return list.stream().map(w -> "\u201c" + w + "\u201d").collect(java.util.stream.Collectors.joining(", "));
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
            List<Long> seeds = new java.util.ArrayList<>();
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

    private void compareSelectedTake() {
        int index = takes.getSelectionModel().getSelectedIndex();
        Optional<String> key = takeKey(index);
        Optional<ChunkPosition> at = actions.selection();
        if (updating || key.isEmpty() || at.isEmpty()) {
            preview.endComparison();
            return;
        }
        Chunk chunk = session.project().chunk(at.get());
        actions.playheadToSelection();
        preview.compare(chunk.id(), key.get(), "Take " + (index + 1) + (index == chunk.chosenTake() ? " (kept)"
                : " \u2014 comparing; Keep to use it"));
    }

    /** One take: its first frame, seed, render state, and Keep. */
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

    /** Sets a text field's text only when it differs, so typing keeps its caret. */
    private static void setText(TextArea area, String text) {
        if (!area.getText().equals(text)) {
            area.setText(text);
        }
    }

    /** One row of the shot settings sheet, changed through ChangeShotSettings. */
    private final class Setting<T> implements PropertySheet.Item {
        private final String name;
        private final String description;
        private final Class<T> type;
        private final Function<ShotSettings, T> read;
        private final BiFunction<ShotSettings, T, ShotSettings> write;
        private final List<T> choices;
        private final double max;
        private final ObjectProperty<Object> value = new SimpleObjectProperty<>();

        /** A setting picked from {@code choices}, or shown read-only when {@code write} is null. */
        Setting(String name, String description, Class<T> type, Function<ShotSettings, T> read,
                BiFunction<ShotSettings, T, ShotSettings> write, List<T> choices) {
            this.name = name;
            this.description = description;
            this.type = type;
            this.read = read;
            this.write = write;
            this.choices = choices;
            this.max = 0;
        }

        /** A scale from 0 to {@code max}. */
        @SuppressWarnings("unchecked")
        Setting(String name, String description, Function<ShotSettings, T> read,
                BiFunction<ShotSettings, T, ShotSettings> write, double max) {
            this.name = name;
            this.description = description;
            this.type = (Class<T>) Double.class;
            this.read = read;
            this.write = write;
            this.choices = null;
            this.max = max;
        }

        void show(ShotSettings s) {
            value.set(read.apply(s));
        }

        @Override
        public Class<?> getType() {
            return type;
        }

        @Override
        public String getCategory() {
            return "Shot";
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public Object getValue() {
            return value.get();
        }

        @Override
        public void setValue(Object newValue) {
            value.set(newValue);
            if (updating || write == null || newValue == null) {
                return;
            }
            actions.selection().ifPresent(at -> {
                Shot shot = session.project().shots().get(at.shot());
                T typed = type.cast(type == Double.class ? (Object) ((Number) newValue).doubleValue()
                        : type == Integer.class ? (Object) ((Number) newValue).intValue() : newValue);
                try {
                    ShotSettings changed = write.apply(shot.settings(), typed);
                    session.execute(new ChangeShotSettings(shot.id(), changed));
                } catch (IllegalArgumentException e) {
                    session.tell("Not changed: " + e.getMessage() + ".");
                    refresh();
                }
            });
        }

        @Override
        public Optional<ObservableValue<?>> getObservableValue() {
            return Optional.of(value);
        }

        @Override
        public boolean isEditable() {
            return write != null;
        }
    }
}
