package studio.magi.ui;

import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableIntegerValue;
import javafx.beans.value.ObservableValue;
import javafx.scene.image.Image;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;

/**
 * What the preview shows at the playhead: the frame, when its chunk has been rendered, and where the playhead is
 * (shot, chunk, frame in the chunk, timecode) with the prompt that chunk is rendered with.
 */
public final class PreviewModel {
    private final ObservableValue<Project> project;
    private final ObservableIntegerValue frame;
    private final FrameSource frames;
    private final ReadOnlyObjectWrapper<Image> image = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper position = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper prompt = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper timecode = new ReadOnlyStringWrapper();

    public PreviewModel(ObservableValue<Project> project, ObservableIntegerValue frame, FrameSource frames) {
        this.project = project;
        this.frame = frame;
        this.frames = frames;
        project.addListener((o, a, b) -> refresh());
        frame.addListener((o, a, b) -> refresh());
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

    /** Asks the frame source again: a render service calls this when a chunk under the playhead has finished. */
    public void refresh() {
        Project p = project.getValue();
        int f = frame.get();
        timecode.set(Timecode.of(f));
        Optional<ChunkPosition> at = p.chunkAtFrame(f);
        if (at.isEmpty()) {
            image.set(null);
            position.set(p.shots().isEmpty() ? "No shots" : "End of film");
            prompt.set("");
            return;
        }
        Shot shot = p.shots().get(at.get().shot());
        Chunk chunk = p.chunk(at.get());
        int inChunk = (f - p.shotStartFrame(at.get().shot())) % Chunk.FRAMES;
        position.set("Shot " + (at.get().shot() + 1) + " \u00b7 Chunk " + (at.get().chunk() + 1) + " \u00b7 Frame "
                + (inChunk + 1) + " / " + Chunk.FRAMES);
        String effective = shot.effectivePrompt(at.get().chunk());
        prompt.set(effective.isBlank() ? "(no prompt)" : effective);
        image.set(frames.frame(chunk, inChunk).orElse(null));
    }
}
