package studio.magi;

import java.nio.file.Path;
import java.util.Map;
import studio.magi.cli.LibraryLog;
import studio.magi.cli.MagiCommand;
import studio.magi.cli.StudioLauncher;
import studio.magi.ui.StudioApp;
import studio.magi.ui.StudioBench;

/** Entry point: no arguments open the studio, anything else is the command line (which opens the window through this). */
public final class Main implements StudioLauncher {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            LibraryLog.divert("magi (the studio)");
            StudioApp.open(null, null);
            return;
        }
        System.exit(MagiCommand.run(new Main(), args));
    }

    @Override
    public void open(Path project, String devices) {
        StudioApp.open(project, devices);
    }

    @Override
    public Map<String, Object> benchmark(int chunks, Path checkpoint) throws Exception {
        return StudioBench.run(chunks, checkpoint);
    }
}
