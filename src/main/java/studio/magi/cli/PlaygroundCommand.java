package studio.magi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `./magi playground ...`: the synthetic world the built-in model learns and is measured on. */
@Command(name = "playground",
        description = "The playground world: render scenes for evaluation, or deliberately wrong versions of them.",
        mixinStandardHelpOptions = true,
        subcommands = {PlaygroundRenderCommand.class, PlaygroundCorruptCommand.class})
public final class PlaygroundCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
