package studio.magi.ui;

import java.util.Optional;
import java.util.UUID;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableIntegerValue;
import javafx.beans.value.ObservableValue;
import javafx.scene.image.Image;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.render.ChunkStatus;

/**
 * What the preview shows at the playhead: the frame, when its chunk is rendered for what it says now (a stale render
 * is never shown as if it were current), else the chunk's render state in words; where the playhead is (shot, chunk,
 * frame in the chunk, timecode) with the prompt that chunk is rendered with. A take being compared replaces its
 * chunk's frames until the comparison ends.
 */
public final class PreviewModel {
    /** A take shown in place of its chunk's kept render. */
    private record Compared(UUID chunk, String key, String label) {
    }

    private final ObservableValue<Project> project;
    private final ObservableIntegerValue frame;
    private final Renders renders;
    private final ObservableBooleanValue buffering;
    private final ReadOnlyObjectWrapper<Image> image = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper position = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper prompt = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper timecode = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper badge = new ReadOnlyStringWrapper("");
    private Compared compared;

    public PreviewModel(ObservableValue<Project> project, ObservableIntegerValue frame, Renders renders,
                        ObservableBooleanValue buffering) {
        this.project = project;
        this.frame = frame;
        this.renders = renders;
        this.buffering = buffering;
        project.addListener((o, a, b) -> refresh());
        frame.addListener((o, a, b) -> refresh());
        renders.boardProperty().addListener((o, a, b) -> refresh());
        renders.framesLoadedProperty().addListener((o, a, b) -> refresh());
        renders.modelStateProperty().addListener((o, a, b) -> refresh());
        buffering.addListener((o, a, b) -> refresh());
        refresh();
    }

    /** The rendered frame under the playhead, or null when there is none yet. */
    public ReadOnlyObjectProperty<Image> imageProperty() {
        return image.getReadOnlyProperty();
    }

    /** "Shot 1 · Chunk 3 · Frame 12 / 24". */
    public ReadOnlyStringProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty promptProperty() {
        return prompt.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty timecodeProperty() {
        return timecode.getReadOnlyProperty();
    }

    /** Where the chunk under the playhead stands when there is no frame to show: "Not rendered yet", "Buffering"... */
    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** Over the picture: "Buffering…" while playback waits, or which take is being compared. */
    public ReadOnlyStringProperty badgeProperty() {
        return badge.getReadOnlyProperty();
    }

    /** Shows a take of a chunk instead of its kept render, until {@link #endComparison()}. */
    public void compare(UUID chunk, String key, String label) {
        compared = new Compared(chunk, key, label);
        refresh();
    }

    public void endComparison() {
        compared = null;
        refresh();
    }

    public void refresh() {
        Project p = project.getValue();
        int f = frame.get();
        timecode.set(Timecode.of(f));
        Optional<Project.StartFrame> start = p.startAtFrame(f);
        if (start.isPresent()) {
            Shot shot = p.shots().get(start.get().shot());
            image.set(renders.startFrame(shot, start.get().frame()).orElse(null));
            position.set("Shot " + (start.get().shot() + 1) + " \u00b7 the video it continues \u00b7 Frame "
                    + (start.get().frame() + 1) + " / " + shot.start().frames());
            prompt.set(shot.start().media());
            state.set("Reading " + shot.start().media() + "\u2026");
            badge.set(buffering.get() ? "Buffering\u2026" : "");
            return;
        }
        Optional<ChunkPosition> at = p.chunkAtFrame(f);
        if (at.isEmpty()) {
            image.set(null);
            position.set(p.shots().isEmpty() ? "No shots" : "End of film");
            prompt.set("");
            state.set("");
            badge.set("");
            return;
        }
        Shot shot = p.shots().get(at.get().shot());
        Chunk chunk = p.chunk(at.get());
        int inChunk = f - p.chunkStartFrame(at.get());
        position.set("Shot " + (at.get().shot() + 1) + " \u00b7 Chunk " + (at.get().chunk() + 1) + " \u00b7 Frame "
                + (inChunk + 1) + " / " + Chunk.FRAMES);
        String effective = shot.effectivePrompt(at.get().chunk());
        prompt.set(effective.isBlank() ? "(no prompt)" : effective);
        boolean comparing = compared != null && compared.chunk().equals(chunk.id());
        Optional<Image> shown = comparing ? renders.frame(compared.key(), inChunk) : renders.frame(chunk.id(), inChunk);
        image.set(shown.orElse(null));
        state.set(describe(renders.status(chunk.id())));
        badge.set(buffering.get() ? "Buffering\u2026" : comparing ? compared.label() : "");
    }

    private String describe(ChunkStatus s) {
        if (!renders.modelStateProperty().get().isEmpty()) {
            return renders.modelStateProperty().get();
        }
        return switch (s.state()) {
            case NOT_RENDERED -> "Not rendered yet \u2014 Render (Ctrl+R)";
            case STALE -> "Stale: rendered for something this chunk no longer says \u2014 Render (Ctrl+R)";
            case QUEUED -> "Queued for rendering";
            case RENDERING -> "Rendering \u2014 step " + s.step() + " of " + s.steps();
            case DONE -> "Loading frames\u2026";
            case FAILED -> "Render failed: " + s.message();
        };
    }
}
