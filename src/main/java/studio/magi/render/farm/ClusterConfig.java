package studio.magi.render.farm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clusters the studio knows, from {@code ${XDG_CONFIG_HOME:-~/.config}/magi-studio/clusters.json}:
 * <pre>{"clusters": {"NAME": {"partition": "gpu", "account": "vfx", "gpusPerJob": 1, "timeLimit": "2:00:00",
 *     "magi": "/shared/magi-studio/magi", "model": "/shared/models/nano", "sbatch": ["#SBATCH --qos=high"],
 *     "slurmBin": "/opt/slurm/bin", "slurmConf": "/etc/slurm/slurm.conf", "maxJobs": 32}}}</pre>
 * Only {@code magi} is required. A misspelt setting is refused rather than ignored.
 */
public final class ClusterConfig {
    private static final Set<String> FIELDS = Set.of("partition", "account", "gpusPerJob", "timeLimit", "magi", "model",
            "sbatch", "slurmBin", "slurmConf", "maxJobs");
    private static final int MAX_JOBS = 64;

    private final Path file;

    public ClusterConfig(Path file) {
        this.file = file;
    }

    /** The user's file: clusters.json in the studio's config folder. */
    public static ClusterConfig ofUser() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path config = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".config") : Path.of(xdg);
        return new ClusterConfig(config.resolve("magi-studio").resolve("clusters.json"));
    }

    /** The names of the clusters in the file, sorted; none when there is no file. */
    public List<String> names() throws FarmException {
        List<String> names = new ArrayList<>();
        root().fieldNames().forEachRemaining(names::add);
        return names.stream().sorted().toList();
    }

    /** The settings of the named cluster; refused with one line when it is not there or its settings are wrong. */
    public ClusterSettings cluster(String name) throws FarmException {
        JsonNode c = root().get(name);
        if (c == null) {
            List<String> known = names();
            throw new FarmException("no cluster '" + name + "' in " + file
                    + (known.isEmpty() ? " (it names none)" : " (it names: " + String.join(", ", known) + ")"));
        }
        if (!c.isObject()) {
            throw new FarmException(file + ": cluster '" + name + "' is not an object of settings");
        }
        for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new FarmException(file + ": cluster '" + name + "': unknown setting '" + field + "' (known: "
                        + String.join(", ", new TreeSet<>(FIELDS)) + ")");
            }
        }
        try {
            List<String> sbatch = new ArrayList<>();
            c.path("sbatch").forEach(l -> sbatch.add(l.asText()));
            return new ClusterSettings(name, text(c, "partition"), text(c, "account"), c.path("gpusPerJob").asInt(0),
                    text(c, "timeLimit"), text(c, "magi"), path(c, "model"), sbatch, path(c, "slurmBin"),
                    path(c, "slurmConf"), c.path("maxJobs").asInt(MAX_JOBS));
        } catch (IllegalArgumentException e) {
            // A path the system cannot name (InvalidPathException) is one too.
            throw new FarmException(file + ": " + e.getMessage());
        }
    }

    private JsonNode root() throws FarmException {
        if (!Files.isRegularFile(file)) {
            throw new FarmException("no clusters are set up: " + file + " does not exist (docs/FARM.md shows one)");
        }
        try {
            JsonNode clusters = new ObjectMapper().readTree(file.toFile()).path("clusters");
            if (!clusters.isObject()) {
                throw new FarmException(file + " has no \"clusters\" object");
            }
            return clusters;
        } catch (IOException e) {
            throw new FarmException(file + " cannot be read: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String text(JsonNode c, String field) {
        JsonNode v = c.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().strip();
    }

    private static Path path(JsonNode c, String field) {
        String t = text(c, field);
        return t == null ? null : Path.of(t);
    }
}
