package studio.magi.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import studio.magi.project.store.ProjectFileException;
import studio.magi.project.store.ProjectFolder;
import studio.magi.render.farm.ClusterConfig;
import studio.magi.render.farm.FarmException;

/** {@code ./magi open [DIR]}: the studio on a project folder, checked first so a bad folder is one clear line. */
@Command(name = "open", mixinStandardHelpOptions = true,
        description = "Open the studio on a project folder (one with a project.json), or on a new project.")
final class OpenCommand implements Runnable {
    @ParentCommand
    MagiCommand parent;

    @Parameters(paramLabel = "DIR", arity = "0..1", description = "the project folder (none: a new project)")
    Path dir;

    @Option(names = "--device", paramLabel = "LIST",
            description = "Render on these devices, one model each: cpu, or gpu:0,gpu:1... (default: the preferences', "
                    + "else the first GPU, else the CPU; only the CPU is tested). Takes and shots spread over them.")
    String devices;

    @Option(names = "--farm", paramLabel = "NAME",
            description = "Render as jobs on this cluster of clusters.json instead (docs/FARM.md).")
    String farm;

    @Override
    public void run() {
        if (devices != null && !devices.matches("\\s*(cpu|(gpu|cuda):?\\d*)(\\s*,\\s*(cpu|(gpu|cuda):?\\d*))*\\s*")) {
            throw new UserError("--device: give cpu or gpu:N, comma-separated (got '" + devices + "')");
        }
        if (farm != null) {
            if (devices != null) {
                throw new UserError("--farm renders on a cluster, --device on this machine: give one of them");
            }
            try {
                ClusterConfig.ofUser().cluster(farm);
            } catch (FarmException e) {
                throw new UserError(e.getMessage(), e);
            }
            devices = "cluster " + farm;
        }
        if (dir == null) {
            parent.studio().open(null, devices);
            return;
        }
        try {
            ProjectFolder.at(dir).open();
        } catch (ProjectFileException e) {
            throw new UserError(e.getMessage(), e);
        }
        parent.studio().open(dir.toAbsolutePath().normalize(), devices);
    }
}
