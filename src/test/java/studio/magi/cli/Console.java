package studio.magi.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line as a user would and keeps what it printed. */
record Console(int exit, String out, String err) {
    static Console run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = MagiCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Console(exit, out.toString(), err.toString());
    }
}
