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

    /** Runs the command line and returns the exit code: 2 for bad arguments, with a one-line message. */
    public static int run(String... args) {
        return run(NO_WINDOW, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line; {@code studio} opens the window for {@code ./magi open DIR}. */
    public static int run(StudioLauncher studio, String... args) {
        return run(studio, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, printing to the given streams. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(NO_WINDOW, out, err, args);
    }

    private static int run(StudioLauncher studio, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new MagiCommand(studio));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(MagiCommand::badArguments);
        cl.setExecutionExceptionHandler(MagiCommand::failed);
        return cl.execute(args);
    }

    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("magi: " + firstLine(e.getMessage()) + " (see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
        return 2;
    }

    private static int failed(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof UserError) {
            cl.getErr().println("magi: " + firstLine(e.getMessage()));
            return 2;
        }
        throw new RuntimeException(e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"MAGI Studio " + Version.current()};
        }
    }
}
