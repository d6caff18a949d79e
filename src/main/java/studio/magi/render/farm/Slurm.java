package studio.magi.render.farm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One cluster's Slurm, through its own command line: {@code sbatch} submits, {@code squeue} lists (finished jobs stay
 * listed for the controller's {@code MinJobAge}; there is no accounting database to ask), {@code scancel} cancels.
 * Every failure is a {@link FarmException} naming the cluster and the command's own error line.
 */
public final class Slurm {
    /** A controller that does not answer in this time is taken as down (Slurm's own retries take about as long). */
    private static final long TIMEOUT_S = 60;
    private static final String FIELDS = "%i|%T|%r|%N";

    private final ClusterSettings cluster;

    public Slurm(ClusterSettings cluster) {
        this.cluster = cluster;
    }

    /** Submits a batch script with these options before it and returns the job's id. */
    public String submit(Path script, List<String> options) throws FarmException {
        List<String> args = new ArrayList<>(List.of("--parsable"));
        args.addAll(options);
        args.add(script.toString());
        String out = run("sbatch", args, "refused the job").strip();
        // --parsable prints "ID" or "ID;CLUSTER".
        return out.contains(";") ? out.substring(0, out.indexOf(';')) : out;
    }

    /** Every job of this user the controller still knows, each array task on its own, by id. */
    public Map<String, JobState> jobs() throws FarmException {
        Map<String, JobState> jobs = new HashMap<>();
        for (String line : run("squeue", List.of("--noheader", "--array", "--states=all", "--me", "--format=" + FIELDS),
                "cannot list the jobs").split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f.length == 4) {
                jobs.put(f[0].strip(), new JobState(f[0].strip(), f[1].strip(), f[2].strip(), f[3].strip()));
            }
        }
        return jobs;
    }

    public void cancel(Collection<String> ids) throws FarmException {
        if (!ids.isEmpty()) {
            run("scancel", List.copyOf(ids), "cannot cancel " + String.join(", ", ids));
        }
    }

    private String run(String command, List<String> args, String failing) throws FarmException {
        String name = "cluster '" + cluster.name() + "': ";
        Path exe = cluster.slurmBin() == null ? onPath(command) : cluster.slurmBin().resolve(command);
        if (exe == null || !Files.isExecutable(exe)) {
            throw new FarmException(name + command + " is not installed here (not found "
                    + (cluster.slurmBin() == null ? "on the PATH" : "in " + cluster.slurmBin())
                    + "): install Slurm's client commands, or set slurmBin");
        }
        List<String> cmd = new ArrayList<>(List.of(exe.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (cluster.slurmConf() != null) {
            pb.environment().put("SLURM_CONF", cluster.slurmConf().toString());
        }
        try {
            // Files rather than pipes: a command that hangs cannot then hold the reader past the timeout.
            Path out = Files.createTempFile("magi-slurm", ".out");
            Path err = Files.createTempFile("magi-slurm", ".err");
            try {
                Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new FarmException(name + command + " did not answer in " + TIMEOUT_S + " s");
                }
                if (p.exitValue() != 0) {
                    throw new FarmException(name + command + " " + failing + ": " + errorLine(Files.readString(err)));
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new FarmException(name + command + " cannot be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FarmException(name + command + " was interrupted");
        }
    }

    /**
     * The command's first error line, without its "sbatch: error: " prefix: the most precise ("invalid partition
     * specified: gpu"; the next line says only "Batch job submission failed").
     */
    private static String errorLine(String stderr) {
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.stream().filter(l -> l.matches("^\\w+: (error|fatal): .*")).findFirst()
                .or(() -> lines.stream().findFirst()).orElse("no message").replaceFirst("^\\w+: (error|fatal): ", "");
    }

    private static Path onPath(String command) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command);
            }
        }
        return null;
    }
}
