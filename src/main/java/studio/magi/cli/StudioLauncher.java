package studio.magi.cli;

import java.nio.file.Path;

/** Opens the studio window on a project folder and returns when it closes; the launcher provides it. */
@FunctionalInterface
public interface StudioLauncher {
    void open(Path project);
}
