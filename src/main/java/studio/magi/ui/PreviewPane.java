package studio.magi.ui;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;
import org.kordamp.ikonli.javafx.FontIcon;

/** The player: the frame under the playhead in a 16:9 screen (or an honest empty state), and the transport buttons. */
final class PreviewPane extends BorderPane {
    PreviewPane(PreviewModel model, Transport transport) {
        getStyleClass().add("preview");
        setId("preview");

        ImageView view = new ImageView();
        ScaledFrame frame = new ScaledFrame(view);

        FontIcon icon = new FontIcon("mdi2f-filmstrip-box");
        icon.getStyleClass().add("preview-empty-icon");
        Label empty = new Label();
        empty.textProperty().bind(model.stateProperty());
        empty.setWrapText(true);
        empty.setMaxWidth(460);
        empty.setAlignment(Pos.CENTER);
        empty.setTextAlignment(TextAlignment.CENTER);
        empty.setId("preview-empty");
        empty.getStyleClass().add("preview-empty-title");
        Label prompt = new Label();
        prompt.textProperty().bind(model.promptProperty());
        prompt.getStyleClass().add("preview-empty-prompt");
        prompt.setWrapText(true);
        prompt.setMaxWidth(420);
        prompt.setAlignment(Pos.CENTER);
        prompt.setTextAlignment(TextAlignment.CENTER);
        VBox emptyState = new VBox(8, icon, empty, prompt);
        emptyState.setAlignment(Pos.CENTER);
        emptyState.setId("preview-empty-state");
        emptyState.visibleProperty().bind(model.imageProperty().isNull());

        Label badge = new Label();
        badge.setId("preview-badge");
        badge.getStyleClass().add("preview-badge");
        badge.textProperty().bind(model.badgeProperty());
        badge.visibleProperty().bind(model.badgeProperty().isNotEmpty());
        StackPane.setAlignment(badge, Pos.TOP_LEFT);
        StackPane.setMargin(badge, new Insets(8));

        StackPane screen = new StackPane(view, emptyState, badge);
        screen.getStyleClass().add("preview-screen");
        // Its own layout root, placed by the holder: a new state or badge on it (at every render step while the chunk
        // under the playhead renders) lays out the screen alone, not the window.
        screen.setManaged(false);
        Pane holder = new Pane(screen) {
            @Override
            protected void layoutChildren() {
                double w = getWidth();
                double h = getHeight();
                double sw = Math.min(w, h * 16 / 9);
                double sh = sw * 9 / 16;
                // Whole pixels: the frame, drawn at its exact size, is then copied rather than resampled.
                screen.resizeRelocate(snapPositionX((w - sw) / 2), snapPositionY((h - sh) / 2), sw, sh);
                frame.show(model.imageProperty().get(), sw, sh);
            }
        };
        model.imageProperty().addListener((o, was, image) -> frame.show(image, screen.getWidth(), screen.getHeight()));
        holder.setMinSize(160, 90);
        setCenter(holder);
        BorderPane.setMargin(holder, new Insets(10, 10, 6, 10));

        Button start = iconButton("mdi2s-skip-previous", "To start (Home)", transport::toStart);
        Button back = iconButton("mdi2s-step-backward", "One frame back (Left)", () -> transport.step(-1));
        Button play = iconButton("mdi2p-play", "Play / pause (Space)", transport::playPause);
        play.setId("play");
        // One icon whose glyph changes: a new icon node at each play and pause would be styled and laid out anew.
        FontIcon playIcon = (FontIcon) play.getGraphic();
        transport.rateProperty().addListener((o, a, r) -> playIcon.setIconLiteral(
                transport.playing() ? "mdi2p-pause" : "mdi2p-play"));
        Button forward = iconButton("mdi2s-step-forward", "One frame forward (Right)", () -> transport.step(1));
        Button end = iconButton("mdi2s-skip-next", "To end (End)", transport::toEnd);
        SteadyLabel timecode = new SteadyLabel(Pos.CENTER_LEFT);
        timecode.label().setId("timecode");
        timecode.label().textProperty().bind(model.timecodeProperty());
        timecode.label().getStyleClass().add("timecode");
        SteadyLabel position = new SteadyLabel(Pos.CENTER_RIGHT);
        position.label().setId("preview-position");
        position.label().textProperty().bind(model.positionProperty());
        position.label().getStyleClass().add("preview-position");
        Label rate = new Label();
        rate.textProperty().bind(Bindings.createStringBinding(() -> {
            double r = transport.rateProperty().get();
            return r == 0 || r == 1 ? "" : (r > 0 ? "" : "\u25c0 ") + (int) Math.abs(r) + "\u00d7";
        }, transport.rateProperty()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(4, start, back, play, forward, end, timecode, rate, spacer, position);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(0, 10, 8, 10));
        setBottom(bar);
    }

    static Button iconButton(String icon, String tip, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.getStyleClass().addAll("flat", "button-icon");
        b.setTooltip(new Tooltip(tip));
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        return b;
    }
}
