package studio.magi.ui;

import java.util.Optional;
import javafx.scene.image.Image;
import studio.magi.project.Chunk;

/**
 * Rendered frames for the preview: frame {@code frame} (0 to 23) of a chunk's chosen take, when it has been rendered.
 * The render service provides one; without it there are no renders, and the preview says so.
 */
public interface FrameSource {
    FrameSource NO_RENDERS = (chunk, frame) -> Optional.empty();

    Optional<Image> frame(Chunk chunk, int frame);
}
