package studio.magi.cli;

import java.io.PrintWriter;

/** A one-line progress bar on the console: "rendering [#########-----------]  45/100 scenes". */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final String unit;
    private final int total;
    private int done;
    private int shown = -1;

    ProgressBar(PrintWriter out, String label, int total, String unit) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.unit = unit;
        draw();
    }

    synchronized void step() {
        done++;
        draw();
    }

    /** Ends the bar's line. */
    synchronized void finish() {
        out.println();
        out.flush();
    }

    private void draw() {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        if (filled == shown && done != total) {
            return;
        }
        shown = filled;
        String digits = Integer.toString(total);
        out.print("\r" + label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + String.format("%" + digits.length() + "d", done) + "/" + total + " " + unit);
        out.flush();
    }
}
