package studio.magi.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import studio.magi.render.farm.ClusterConfig;

/** {@code --clusters FILE}: the clusters' settings, for the commands that reach a cluster. */
final class ClustersOption {
    @Option(names = "--clusters", paramLabel = "FILE",
            description = "The clusters' settings (default: ${XDG_CONFIG_HOME:-~/.config}/magi-studio/clusters.json).")
    Path file;

    ClusterConfig config() {
        return file == null ? ClusterConfig.ofUser() : new ClusterConfig(file);
    }
}
