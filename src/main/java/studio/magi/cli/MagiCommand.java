package studio.magi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import studio.magi.about.Version;

/** The root of the command line: `./magi <command> ...`. */
@Command(name = "magi",
        mixinStandardHelpOptions = true,
        versionProvider = MagiCommand.VersionProvider.class,
        description = "MAGI Studio: chunk-wise autoregressive video authoring. Run without arguments to open the studio.",
        subcommands = {CommandLine.HelpCommand.class, OpenCommand.class, StudioBenchCommand.class, PlaygroundCommand.class, EvalCommand.class,
            GenerateCommand.class, BenchCommand.class, ExportCommand.class, RenderCommand.class, RenderJobCommand.class,
            FarmCommand.class})
public final class MagiCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Declared here for every command; read from the parse result (see {@link #verbose}) before the command runs. */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show the libraries' log lines (DJL, FFmpeg) on the console; otherwise they go to the log file,"
                    + " ${XDG_STATE_HOME:-~/.local/state}/magi-studio/magi.log.")
    boolean verbose;

    private static final StudioLauncher NO_WINDOW = new StudioLauncher() {
        @Override
        public void open(Path project, String devices) {
            throw new UserError("the studio window cannot be opened from here; run ./magi open " + project);
        }

        @Override
        public Map<String, Object> benchmark(int chunks, Path checkpoint) {
            throw new UserError("the studio window cannot be opened from here; run ./magi bench-studio");
        }
    };

    private final StudioLauncher studio;

    private MagiCommand(StudioLauncher studio) {
        this.studio = studio;
    }

    StudioLauncher studio() {
        return studio;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs the command line as this process's own and returns the exit code: 2 for bad arguments, with a one-line
     * message; {@code studio} opens the window for {@code ./magi open DIR}. The libraries' lines go to the log file
     * unless --verbose is given ({@link LibraryLog}).
     */
    public static int run(StudioLauncher studio, String... args) {
        return run(studio, new PrintWriter(System.out, true), new PrintWriter(System.err, true), true, args);
    }

    /** As {@link #run(StudioLauncher, String...)} without a window, printing to the given streams; System.err is left as it is. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(NO_WINDOW, out, err, false, args);
    }

    /** As {@link #run(PrintWriter, PrintWriter, String...)} with a window (the tests' stand-in). */
    static int run(StudioLauncher studio, PrintWriter out, PrintWriter err, String... args) {
        return run(studio, out, err, false, args);
    }

    private static int run(StudioLauncher studio, PrintWriter out, PrintWriter err, boolean ownProcess, String... args) {
        try {
            CommandLine cl = new CommandLine(new MagiCommand(studio));
            cl.setOut(out);
            cl.setErr(err);
            cl.setParameterExceptionHandler(MagiCommand::badArguments);
            cl.setExecutionExceptionHandler(MagiCommand::failed);
            cl.setExecutionStrategy(parsed -> {
                if (ownProcess && !verbose(parsed)) {
                    LibraryLog.divert("magi " + String.join(" ", args));
                }
                return new CommandLine.RunLast().execute(parsed);
            });
            return cl.execute(args);
        } catch (Throwable t) {
            // What picocli passes on: an Error (out of memory), or a failure in the handlers themselves.
            return LastResort.report(t, err);
        }
    }

    /** Whether --verbose was given to the command or any above it (an inherited option is matched where it stands). */
    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("magi: " + OneLine.of(e.getMessage()) + " (see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
        return UserError.EXIT;
    }

    private static int failed(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof UserError) {
            cl.getErr().println("magi: " + OneLine.of(e.getMessage()));
            return UserError.EXIT;
        }
        return LastResort.report(e, cl.getErr());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"MAGI Studio " + Version.current()};
        }
    }
}
