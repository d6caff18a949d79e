package studio.magi.cli;

import java.nio.file.Path;
import java.util.Map;

/** The studio window, as the launcher provides it to the command line. */
public interface StudioLauncher {
    /**
     * Opens the window on a project folder (null: a new project), rendering on the named devices or "cluster NAME"
     * (null: the preferences'), and returns when it closes.
     */
    void open(Path project, String devices);

    /** Runs the studio benchmark (a window rendering and playing {@code chunks} chunks) and returns its figures. */
    Map<String, Object> benchmark(int chunks, Path checkpoint) throws Exception;
}
