package studio.magi.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javafx.scene.input.DragEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Region;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;

/**
 * The timeline's mouse, wheel and drops. A click selects (on a lane's header: its first chunk), a double click moves
 * the playhead to the chunk, a drag moves a chunk, the ruler scrubs, the wheel scrolls (Shift: the lanes; Ctrl
 * zooms), a right click opens the clip menu, and image or video files dropped here become new shots. What a drag
 * shows (the chunk under the pointer, where it lands) is kept here for the painter; {@code changed} asks for a repaint.
 */
final class TimelineInput {
    /** How far the pointer moves before a press on a clip becomes a drag. */
    private static final double DRAG_SLOP = 5;

    private final Region canvas;
    private final TimelineLayout layout;
    private final ProjectSession session;
    private final Transport transport;
    private final ChunkActions actions;
    private final ClipMenu menu;
    private final Runnable changed;

    private UUID pressedChunk;
    private double pressX;
    private double pressY;
    private boolean scrubbing;
    private Optional<TimelinePicture.Drag> drag = Optional.empty();
    private int fileDropIndex = -1;

    TimelineInput(Region canvas, TimelineLayout layout, ProjectSession session, Transport transport, ChunkActions actions,
                  ClipMenu menu, Runnable changed) {
        this.canvas = canvas;
        this.layout = layout;
        this.session = session;
        this.transport = transport;
        this.actions = actions;
        this.menu = menu;
        this.changed = changed;
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        canvas.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        canvas.setOnDragOver(this::fileDragOver);
        canvas.setOnDragExited(e -> showFileDrop(-1));
        canvas.setOnDragDropped(this::fileDropped);
    }

    /** The chunk being dragged, when a drag has started. */
    Optional<TimelinePicture.Drag> drag() {
        return drag;
    }

    /** Where dragged files would become a shot, or -1 while none are over the timeline. */
    int fileDropIndex() {
        return fileDropIndex;
    }

    private void pressed(MouseEvent e) {
        canvas.requestFocus();
        menu.hide();
        Project p = session.project();
        pressedChunk = null;
        drag = Optional.empty();
        if (e.getY() < TimelineLayout.RULER && e.getX() >= TimelineLayout.HEADER) {
            scrubbing = true;
            transport.stop();
            transport.seek(layout.frameAt(e.getX()));
            return;
        }
        if (e.getX() < TimelineLayout.HEADER) {
            int lane = layout.laneAt(e.getY(), p);
            if (lane >= 0) {
                actions.selectedProperty().set(p.shots().get(lane).chunks().get(0).id());
            }
            return;
        }
        Optional<ChunkPosition> hit = layout.chunkAt(e.getX(), e.getY(), p);
        if (hit.isEmpty()) {
            return;
        }
        UUID id = p.chunk(hit.get()).id();
        actions.selectedProperty().set(id);
        if (e.getButton() == MouseButton.SECONDARY) {
            menu.show(canvas, e.getScreenX(), e.getScreenY());
            return;
        }
        if (e.getClickCount() == 2) {
            actions.playheadToSelection();
            return;
        }
        pressedChunk = id;
        pressX = e.getX();
        pressY = e.getY();
    }

    private void dragged(MouseEvent e) {
        if (scrubbing) {
            transport.seek(layout.frameAt(e.getX()));
            return;
        }
        if (pressedChunk == null || drag.isEmpty() && Math.hypot(e.getX() - pressX, e.getY() - pressY) <= DRAG_SLOP) {
            return;
        }
        drag = Optional.of(new TimelinePicture.Drag(pressedChunk, e.getX(), e.getY(),
                layout.gapAt(e.getX(), e.getY(), session.project())));
        changed.run();
    }

    private void released(MouseEvent e) {
        scrubbing = false;
        pressedChunk = null;
        if (drag.isPresent()) {
            UUID chunk = drag.get().chunk();
            drag = Optional.empty();
            layout.gapAt(e.getX(), e.getY(), session.project()).ifPresent(g -> actions.move(chunk, g.shot(), g.gap()));
            changed.run();
        }
    }

    private void scrolled(ScrollEvent e) {
        Project p = session.project();
        if (e.isShortcutDown()) {
            double delta = e.getDeltaY() != 0 ? e.getDeltaY() : e.getDeltaX();
            if (delta != 0) {
                layout.zoom(delta > 0 ? TimelineLayout.ZOOM_STEP : 1 / TimelineLayout.ZOOM_STEP, e.getX(), p);
            }
        } else if (e.isShiftDown()) {
            double delta = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            layout.scrollTo(layout.scrollX(), layout.scrollY() - delta, p);
        } else {
            double delta = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
            layout.scrollTo(layout.scrollX() - delta, layout.scrollY(), p);
        }
        changed.run();
        e.consume();
    }

    // ---- files dropped from the desktop or the media bin

    private void fileDragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
            showFileDrop(layout.shotInsertIndexAt(e.getY(), session.project()));
        }
        e.consume();
    }

    private void fileDropped(DragEvent e) {
        boolean ok = e.getDragboard().hasFiles();
        if (ok) {
            List<Path> files = e.getDragboard().getFiles().stream().map(File::toPath).toList();
            session.importAsShots(files, layout.shotInsertIndexAt(e.getY(), session.project()));
        }
        e.setDropCompleted(ok);
        e.consume();
        showFileDrop(-1);
    }

    private void showFileDrop(int index) {
        if (index != fileDropIndex) {
            fileDropIndex = index;
            changed.run();
        }
    }
}
