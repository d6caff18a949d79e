package studio.magi.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import studio.magi.render.farm.NodeRender;

/** {@code magi render-job SPEC.json}: what a farm job runs on its node (docs/FARM.md). */
@Command(name = "render-job", hidden = true, mixinStandardHelpOptions = true,
        description = {"Renders one farm job's chunks on this node into the project's renders/, by content key, each",
            "the moment it is done. The studio writes the spec and submits the job; see docs/FARM.md."})
final class RenderJobCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SPEC", description = "the job's spec, under the project's renders/farm/")
    Path specFile;

    @Override
    public Integer call() {
        return NodeRender.run(specFile, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
