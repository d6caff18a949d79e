package studio.magi;

import studio.magi.cli.MagiCommand;
import studio.magi.ui.StudioApp;

/** Entry point: no arguments open the studio, anything else is the command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            StudioApp.open(null);
            return;
        }
        System.exit(MagiCommand.run(StudioApp::open, args));
    }
}
