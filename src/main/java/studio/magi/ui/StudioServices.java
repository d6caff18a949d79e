package studio.magi.ui;

import java.util.function.Function;
import javafx.collections.ObservableList;
import javafx.stage.Window;

/**
 * What the window is built on, so that tests can give it a calling-thread executor, scripted dialogs and temporary
 * folders, and the render service its frames and queue.
 */
public record StudioServices(TaskExecutor tasks, Function<Window, UserDialogs> dialogs, StudioFolders folders,
                             FrameSource frames, ObservableList<QueuedRender> renderQueue) {
}
