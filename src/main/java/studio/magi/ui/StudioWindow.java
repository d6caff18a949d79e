package studio.magi.ui;

import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.StatusBar;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window: media bin and render queue on the left, the preview in the middle, the chunk inspector on the
 * right, the timeline across the bottom, the menu bar on top and a status bar below.
 */
public final class StudioWindow {
    /** How often unsaved edits are autosaved. */
    public static final Duration AUTOSAVE_EVERY = Duration.seconds(30);

    private final Stage stage;
    private final StudioServices services;
    private final ProjectSession session;
    private final Transport transport = new Transport();
    private final ChunkActions actions;
    private final TimelineView timeline;
    private final PreviewModel preview;
    private final ChunkInspector inspector;
    private final Timeline autosave;
    private final AnimationTimer playback;

    public StudioWindow(Stage stage, StudioServices services) {
        this.stage = stage;
        this.services = services;
        this.session = new ProjectSession(services.tasks(), services.dialogs().apply(stage), services.folders());
        this.actions = new ChunkActions(session, transport);
        this.timeline = new TimelineView(session, transport, actions);
        StudioCommands commands = new StudioCommands(session, actions, transport, timeline, this::quit);

        transport.setLength(session.project().frames());
        session.projectProperty().addListener((o, a, p) -> transport.setLength(p.frames()));
        session.documentProperty().addListener((o, a, b) -> {
            transport.stop();
            transport.seek(0);
        });

        preview = new PreviewModel(session.projectProperty(), transport.frameProperty(), services.frames());
        SplitPane left = new SplitPane(new MediaBinPane(session), new RenderQueuePane(services.renderQueue()));
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.6);
        inspector = new ChunkInspector(session, actions);
        SplitPane top = new SplitPane(left, new PreviewPane(preview, transport), inspector);
        top.setDividerPositions(0.18, 0.7);
        SplitPane.setResizableWithParent(left, false);

        VBox timelineBox = new VBox(timelineToolbar(commands), timeline);
        VBox.setVgrow(timeline, Priority.ALWAYS);
        SplitPane main = new SplitPane(top, timelineBox);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.6);

        BorderPane root = new BorderPane(main);
        root.setTop(new StudioMenus(commands).build(this::showShortcuts));
        root.setBottom(statusBar());
        root.getStyleClass().add("studio");

        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(root, Math.min(1440, screen.getWidth() * 0.92), Math.min(900, screen.getHeight() * 0.92));
        scene.getStylesheets().add(StudioWindow.class.getResource("studio.css").toExternalForm());
        new Shortcuts(commands, timeline.canvas()).install(scene);
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.titleProperty().bind(session.titleProperty());
        stage.setOnCloseRequest(e -> {
            e.consume();
            quit();
        });

        autosave = new Timeline(new KeyFrame(AUTOSAVE_EVERY, e -> session.autosave()));
        autosave.setCycleCount(Timeline.INDEFINITE);
        autosave.play();
        playback = new AnimationTimer() {
            private long last;

            @Override
            public void start() {
                last = 0;
                super.start();
            }

            @Override
            public void handle(long now) {
                if (last != 0) {
                    transport.advance((now - last) / 1e9);
                }
                last = now;
            }
        };
        transport.rateProperty().addListener((o, a, rate) -> {
            if (rate.doubleValue() == 0) {
                playback.stop();
            } else {
                playback.start();
            }
        });
    }

    public ProjectSession session() {
        return session;
    }

    public Transport transport() {
        return transport;
    }

    public ChunkActions actions() {
        return actions;
    }

    public TimelineView timeline() {
        return timeline;
    }

    /** The preview's model: the render service asks it to {@link PreviewModel#refresh()} when frames arrive. */
    public PreviewModel preview() {
        return preview;
    }

    /** The cursor in the selected chunk's prompt: where a new project starts. */
    public void focusPrompt() {
        inspector.focusPrompt();
    }

    /** Closes the window once unsaved edits are saved or declined. */
    public void quit() {
        transport.stop();
        session.leaveThen(this::close);
    }

    /** Closes the window as it is: what is unsaved stays only in the autosave. */
    public void close() {
        transport.stop();
        autosave.stop();
        playback.stop();
        session.close();
        stage.close();
    }

    private Node timelineToolbar(StudioCommands commands) {
        Label title = new Label("Timeline");
        title.getStyleClass().add("panel-title");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(4, title,
                toolButton("add-chunk", "mdi2p-plus", "Chunk", "Add a chunk after the selected one", actions::addChunk),
                toolButton("add-shot", "mdi2t-table-row-plus-after", "Shot", "Add a shot after the selected chunk's shot",
                        actions::addShot),
                toolButton("duplicate-chunk", "mdi2c-content-duplicate", null, "Duplicate the selected chunk (Ctrl+D)",
                        actions::duplicate),
                toolButton("split", "mdi2s-scissors-cutting", null,
                        "Split: the chunk under the playhead starts a new shot (S)", actions::splitAtPlayhead),
                toolButton("clear-chunk", "mdi2e-eraser", null, "Clear the selected chunk; its slot stays (Delete)",
                        actions::clear),
                toolButton("ripple-delete", "mdi2t-trash-can-outline", null,
                        "Ripple delete: remove the selected chunk and close the gap (Shift+Delete)", actions::rippleDelete),
                new Separator(Orientation.VERTICAL),
                spacer,
                toolButton("zoom-out", "mdi2m-magnify-minus-outline", null, "Zoom out (\u2212)", () -> commands.zoom(false)),
                toolButton("zoom-in", "mdi2m-magnify-plus-outline", null, "Zoom in (=)", () -> commands.zoom(true)));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        bar.getStyleClass().add("timeline-toolbar");
        return bar;
    }

    private static Button toolButton(String id, String icon, String text, String tip, Runnable action) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().add("flat");
        b.setTooltip(new Tooltip(tip));
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        return b;
    }

    private Node statusBar() {
        StatusBar bar = new StatusBar();
        bar.setId("status-bar");
        bar.textProperty().bind(session.statusProperty());
        Label where = new Label();
        where.textProperty().bind(Bindings.createStringBinding(
                () -> session.projectDirProperty().get() == null ? "Not saved yet"
                        : session.projectDirProperty().get().toString(), session.projectDirProperty()));
        bar.getRightItems().add(where);
        return bar;
    }

    private void showShortcuts(String keys) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(stage);
        a.setTitle("Keyboard Shortcuts");
        a.setHeaderText("Keyboard Shortcuts");
        Label text = new Label(keys.replace("\t", "  \u2014  "));
        text.setWrapText(true);
        a.getDialogPane().setContent(text);
        a.showAndWait();
    }
}
