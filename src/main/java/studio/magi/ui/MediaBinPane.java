package studio.magi.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.javafx.FontIcon;
import studio.magi.project.store.MediaFile;
import studio.magi.project.store.MediaKind;

/**
 * The project's imported images and videos with small thumbnails. Drop files here to import them; drag one onto the
 * timeline, or double-click it, to start a shot from it.
 */
final class MediaBinPane extends BorderPane {
    private static final double THUMB_W = 64;
    private static final double THUMB_H = 36;

    /** Thumbnails load in the background (Image's own loader), once per file. */
    private final Map<Path, Image> thumbnails = new HashMap<>();

    MediaBinPane(ProjectSession session) {
        setId("media-bin");
        getStyleClass().add("panel");
        Label title = new Label("Media");
        title.getStyleClass().add("panel-title");
        setTop(title);

        ListView<MediaFile> list = new ListView<>(session.media());
        list.setId("media-list");
        Label placeholder = new Label("Drop images or videos here, or use File \u25b8 Import Media\u2026");
        placeholder.setWrapText(true);
        placeholder.getStyleClass().add("hint");
        placeholder.setPadding(new Insets(12));
        list.setPlaceholder(placeholder);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(MediaFile m, boolean empty) {
                super.updateItem(m, empty);
                if (empty || m == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(m.file().getFileName().toString());
                setGraphic(thumbnail(m));
            }
        });
        list.setOnDragDetected(e -> {
            MediaFile m = list.getSelectionModel().getSelectedItem();
            if (m != null) {
                Dragboard db = list.startDragAndDrop(TransferMode.COPY);
                ClipboardContent content = new ClipboardContent();
                content.putFiles(List.of(m.file().toFile()));
                db.setContent(content);
                e.consume();
            }
        });
        list.setOnMouseClicked(e -> {
            MediaFile m = list.getSelectionModel().getSelectedItem();
            if (m != null && e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                session.importAsShots(List.of(m.file()), session.project().shots().size());
            }
        });
        list.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && e.getGestureSource() != list) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        list.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                session.importMedia(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        setCenter(list);
    }

    private Node thumbnail(MediaFile m) {
        StackPane box = new StackPane();
        box.setMinSize(THUMB_W, THUMB_H);
        box.setPrefSize(THUMB_W, THUMB_H);
        box.setMaxSize(THUMB_W, THUMB_H);
        box.getStyleClass().add("thumbnail");
        if (m.kind() == MediaKind.IMAGE) {
            Image image = thumbnails.computeIfAbsent(m.file(),
                    f -> new Image(f.toUri().toString(), THUMB_W, THUMB_H, true, true, true));
            box.getChildren().add(new ImageView(image));
        } else {
            box.getChildren().add(new FontIcon("mdi2m-movie-open-outline"));
        }
        HBox holder = new HBox(box);
        holder.setAlignment(Pos.CENTER);
        return holder;
    }
}
