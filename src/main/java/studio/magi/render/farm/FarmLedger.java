package studio.magi.render.farm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import studio.magi.media.Staging;

/**
 * {@code renders/farm/jobs.json}: the farm jobs submitted for the project and not yet seen to end, so that the studio
 * closed and opened again follows them on (they go on without it). Each names its cluster, its Slurm job id and its
 * spec, under {@code renders/farm/}. A damaged file reads as no jobs: their chunks still land in {@code renders/}.
 */
final class FarmLedger {
    static final String FOLDER = "farm";
    private static final String NAME = "jobs.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One submitted job (an array's task): {@code spec} is relative to {@code renders/farm/}. */
    record Entry(String cluster, String job, String spec) {
    }

    private final Path dir;

    FarmLedger(Path rendersDir) {
        // Absolute: the nodes read the specs and write the logs from the project folder, not from here.
        this.dir = rendersDir.toAbsolutePath().resolve(FOLDER);
    }

    Path dir() {
        return dir;
    }

    synchronized List<Entry> entries() {
        Path file = dir.resolve(NAME);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try {
            Map<String, List<Entry>> root = JSON.readValue(file.toFile(), new TypeReference<>() { });
            List<Entry> jobs = root.get("jobs");
            return jobs == null ? List.of() : List.copyOf(jobs);
        } catch (IOException e) {
            return List.of();
        }
    }

    synchronized void add(List<Entry> added) throws IOException {
        List<Entry> all = new ArrayList<>(entries());
        all.addAll(added);
        write(all);
    }

    synchronized void remove(String cluster, String job) throws IOException {
        List<Entry> all = new ArrayList<>(entries());
        if (all.removeIf(e -> e.cluster().equals(cluster) && e.job().equals(job))) {
            write(all);
        }
    }

    private void write(List<Entry> all) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(NAME);
        Path tmp = Staging.newFile(file, "");
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(Map.of("jobs", all)));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Staging.remove(tmp);
        }
    }
}
