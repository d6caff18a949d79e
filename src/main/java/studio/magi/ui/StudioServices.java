package studio.magi.ui;

import java.util.function.Function;
import javafx.stage.Window;

/**
 * What the window is built on, so that tests can give it a calling-thread executor, scripted dialogs, temporary
 * folders and a render service of their own (or none).
 */
public record StudioServices(TaskExecutor tasks, Function<Window, UserDialogs> dialogs, StudioFolders folders,
                             Renders renders) {
}
