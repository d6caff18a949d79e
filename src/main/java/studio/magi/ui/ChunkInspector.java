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
import org.kordamp.ikonli.javafx.FontIcon;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotSettings;
import studio.magi.project.Take;
import studio.magi.project.edit.ChangeShotSettings;
import studio.magi.project.edit.ChooseTake;
import studio.magi.project.edit.SetPrompt;
import studio.magi.project.edit.SetSeed;

/**
 * The selected chunk: its prompt (typing is one undo step per visit), seed and takes, and the settings of its shot
 * in a property sheet. Everything it changes goes through the project's commands, so undo covers it.
 */
final class ChunkInspector extends ScrollPane {
    private final ProjectSession session;
    private final ChunkActions actions;
    private final Label heading = new Label();
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

    ChunkInspector(ProjectSession session, ChunkActions actions) {
        this.session = session;
        this.actions = actions;
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
        takes.setPrefHeight(52);
        takes.setPlaceholder(new Label("No takes yet: rendered takes of this chunk appear here."));
        takes.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Take take, boolean empty) {
                super.updateItem(take, empty);
                setText(empty || take == null ? null : "Take " + (getIndex() + 1) + " \u00b7 seed " + take.seed());
            }
        });
        takes.getSelectionModel().selectedIndexProperty().addListener((o, a, index) -> {
            if (!updating && index.intValue() >= 0) {
                actions.selection().ifPresent(at ->
                        session.execute(new ChooseTake(session.project().chunk(at).id(), index.intValue())));
            }
        });

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
                heading, section("Prompt"), prompt, carries,
                section("Seed"), seedRow,
                section("Takes"), takes,
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
            int startFrame = p.shotStartFrame(at.get().shot()) + at.get().chunk() * Chunk.FRAMES;
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
            takes.getItems().setAll(chunk.takes());
            if (chunk.chosenTake() >= 0) {
                takes.getSelectionModel().select(chunk.chosenTake());
            }
            shotHeading.setText("Shot " + (at.get().shot() + 1) + " settings");
            int n = shot.chunks().size();
            shotStart.setText(TimelineView.startLabel(shot.start()) + " \u00b7 " + n + (n == 1 ? " chunk" : " chunks"));
            for (Setting<?> s : settingItems) {
                s.show(shot.settings());
            }
        } finally {
            updating = false;
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
