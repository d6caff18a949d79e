package studio.magi.ui;

import java.nio.file.Path;
import java.util.Optional;
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
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.render.FilmExport;
import studio.magi.render.RenderModel;

/**
 * The main window: media bin and render queue on the left, the preview in the middle, the chunk inspector on the
 * right, the timeline across the bottom, the menu bar on top and a status bar below.
 */
public final class StudioWindow {
    /** How often unsaved edits are autosaved. */
    public static final Duration AUTOSAVE_EVERY = Duration.seconds(30);

    private final Stage stage;
    private final StudioServices services;
    private final UserDialogs dialogs;
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
        this.dialogs = services.dialogs().apply(stage);
        this.session = new ProjectSession(services.tasks(), dialogs, services.folders());
        this.actions = new ChunkActions(session, transport);
        Renders renders = services.renders();
        this.timeline = new TimelineView(session, transport, actions, renders);
        StudioCommands commands = new StudioCommands(session, actions, transport, timeline, renders, this::export,
                this::preferences, this::quit);
        renders.show(session.project(), session.workFolderProperty().get());
        session.projectProperty().addListener((o, a, p) -> renders.show(p, session.workFolderProperty().get()));
        session.workFolderProperty().addListener((o, a, dir) -> renders.show(session.project(), dir));
        transport.waitFor(f -> session.project().chunkAtFrame(f)
                .map(at -> renders.status(session.project().chunk(at).id()).pending()).orElse(false));
        transport.frameProperty().addListener((o, a, f) -> {
            Project p = session.project();
            Optional<ChunkPosition> before = p.chunkAtFrame(a.intValue());
            Optional<ChunkPosition> now = p.chunkAtFrame(f.intValue());
            if (now.isPresent() && (before.isEmpty() || before.get().shot() != now.get().shot())) {
                renders.prioritize(p.chunk(now.get()).id());
            }
        });

        transport.setLength(session.project().frames());
        session.projectProperty().addListener((o, a, p) -> transport.setLength(p.frames()));
        session.documentProperty().addListener((o, a, b) -> {
            transport.stop();
            transport.seek(0);
        });

        preview = new PreviewModel(session.projectProperty(), transport.frameProperty(), renders,
                transport.bufferingProperty());
        SplitPane left = new SplitPane(new MediaBinPane(session), new RenderQueuePane(renders));
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.6);
        inspector = new ChunkInspector(session, actions, renders, preview);
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
        stage.titleProperty().bind(session.edits().titleProperty());
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

    public Renders renders() {
        return services.renders();
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

    /** Asks where, then exports the film as it is on screen, with a progress window. */
    public void export(FilmExport.Format format) {
        Optional<RenderModel> model = services.renders().model();
        if (model.isEmpty()) {
            session.tell("Nothing can be exported before the model has loaded.");
            return;
        }
        Project p = session.project();
        String name = p.name() + (format == FilmExport.Format.PNG ? " frames" : "." + format.word());
        Optional<Path> target = dialogs.chooseExportTarget(format.what(), name);
        target.ifPresent(t -> ExportWindow.start(stage, p, session.workFolderProperty().get(), model.get(), format, t,
                ended -> {
                    if (ended.failed()) {
                        dialogs.showError("Export failed", ended.message());
                    } else {
                        session.tell(ended.message());
                    }
                }));
    }

    private void preferences() {
        Preferences prefs = new Preferences(services.folders().preferences());
        dialogs.askDevices(prefs.devices()).ifPresent(devices -> services.tasks().run(() -> {
            prefs.setDevices(devices);
            return null;
        }, ok -> session.tell("Devices saved; the studio renders on them from its next start."),
                e -> dialogs.showError("Preferences not saved", e.getMessage())));
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
        Button render = toolButton("render", "mdi2p-play-box-outline", "Render",
                "Render every chunk that is not rendered yet, the shot under the playhead first (Ctrl+R)", commands::render);
        render.getStyleClass().add("accent");
        render.disableProperty().bind(commands.renders().readyProperty().not());
        Button cancel = toolButton("cancel-renders", "mdi2s-stop-circle-outline", null, "Cancel all renders (Ctrl+.)",
                commands::cancelRenders);
        HBox bar = new HBox(4, title, render, cancel, new Separator(Orientation.VERTICAL),
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
        Label model = new Label();
        model.setId("model-state");
        model.textProperty().bind(services.renders().modelStateProperty());
        bar.getLeftItems().add(model);
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
