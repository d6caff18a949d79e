package studio.magi.ui;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.kordamp.ikonli.javafx.FontIcon;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.edit.SetPrompt;
import studio.magi.project.edit.SetSeed;

/**
 * The selected chunk: its prompt (typing is one undo step per visit; words the model does not know are marked), its
 * seed, its takes ({@link TakesPane}) and the settings of its shot ({@link ShotSettingsSheet}). Everything it changes
 * goes through the project's commands, so undo covers it.
 */
final class ChunkInspector extends ScrollPane {
    private final ProjectSession session;
    private final ChunkActions actions;
    private final Renders renders;
    private final PreviewModel preview;
    private final Label heading = new Label();
    private final TextFlow words = new TextFlow();
    private final Label unknown = new Label();
    private final Label carries = new Label();
    private final TextArea prompt = new TextArea();
    private final TextField seed = new TextField();
    private final TakesPane takes;
    private final Label shotHeading = new Label();
    private final Label shotStart = new Label();
    private final ShotSettingsSheet settings;
    private final VBox content;
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

        takes = new TakesPane(session, actions, renders, preview);
        shotHeading.getStyleClass().add("inspector-heading");
        shotStart.getStyleClass().add("hint");
        settings = new ShotSettingsSheet(session, actions);

        content = new VBox(6,
                heading, section("Prompt"), prompt, words, unknown, carries,
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
            preview.endComparison();
            showWords(at.map(x -> p.shots().get(x.shot()).effectivePrompt(x.chunk())).orElse(""));
            takes.show(at, p);
            if (at.isEmpty()) {
                heading.setText("No chunk selected");
                setText(prompt, "");
                carries.setText("Select a chunk on the timeline.");
                seed.setText("");
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
            shotHeading.setText("Shot " + (at.get().shot() + 1) + " settings");
            int n = shot.chunks().size();
            shotStart.setText(TimelinePainter.startLabel(p, shot.start()) + " \u00b7 " + n + (n == 1 ? " chunk" : " chunks"));
            settings.show(shot.settings());
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
            boolean bad = unknownWords.contains(w.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
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
        return list.stream().map(w -> "\u201c" + w + "\u201d").collect(Collectors.joining(", "));
    }

    /** Sets a text field's text only when it differs, so typing keeps its caret. */
    private static void setText(TextArea area, String text) {
        if (!area.getText().equals(text)) {
            area.setText(text);
        }
    }
}
