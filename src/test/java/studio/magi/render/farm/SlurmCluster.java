package studio.magi.render.farm;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real one-machine Slurm cluster for the farm tests, in a folder of its own: munged on its own socket and key,
 * slurmctld and slurmd on free ports with a generated slurm.conf (proctrack/linuxproc, task/none, no cgroups, no
 * accounting, CPUs=2 unless told), state, spool, pid files and logs in the folder. It starts in seconds or throws with the
 * daemons' logs; {@link #close()} (also run when the JVM is stopped) cancels its jobs and stops every process it
 * started. Every one of them carries {@code SLURM_CONF} of this folder in its environment, which is how they are found
 * again, and nothing else is touched.
 */
public final class SlurmCluster implements AutoCloseable {
    /** A dead node is marked down after this long: the farm's failure report follows within seconds. */
    static final int NODE_TIMEOUT_S = 10;

    private final Path dir;
    private final Path conf;
    private final String host;
    private final int cpus;
    private final Thread hook;

    private SlurmCluster(Path dir, String host, int cpus) {
        this.dir = dir;
        this.conf = dir.resolve("slurm.conf");
        this.host = host;
        this.cpus = cpus;
        this.hook = new Thread(this::stop, "slurm-cluster-stop");
    }

    /** The cluster of the tests: its node has the machine's 2 CPUs, so 2 jobs run at once. */
    public static SlurmCluster start(Path dir) throws Exception {
        return start(dir, 2);
    }

    /** A cluster whose node says it has {@code cpus} CPUs (more than the machine's oversubscribe its cores). */
    static SlurmCluster start(Path dir, int cpus) throws Exception {
        for (String command : List.of("/usr/sbin/munged", "/usr/sbin/mungekey", "/usr/sbin/slurmctld",
                "/usr/sbin/slurmd", "/usr/bin/sinfo", "/usr/bin/sbatch")) {
            if (!Files.isExecutable(Path.of(command))) {
                throw new AssertionError(command + " is missing: the farm tests need the Debian packages slurm-wlm and"
                        + " munge (prerequisites.txt; ./run-tests installs them)");
            }
        }
        String host = new String(new ProcessBuilder("hostname", "-s").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).strip();
        SlurmCluster c = new SlurmCluster(dir, host, cpus);
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            c.boot();
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
        return c;
    }

    public Path conf() {
        return conf;
    }

    String host() {
        return host;
    }

    /** The settings of this cluster for the studio, rendering with the node command of this JVM's class path. */
    ClusterSettings settings(String name, int maxJobs) {
        return new ClusterSettings(name, "magi", null, 0, "10:00", nodeCommand(), null, List.of(), null, conf,
                maxJobs);
    }

    /** {@code java -cp <this JVM's class path> studio.magi.Main}, with the properties the build gives the tests. */
    public static String nodeCommand() {
        StringBuilder cmd = new StringBuilder(quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String p : List.of("ai.djl.offline", "org.bytedeco.javacpp.cachedir", "jna.tmpdir", "java.awt.headless")) {
            if (System.getProperty(p) != null) {
                cmd.append(" ").append(quote("-D" + p + "=" + System.getProperty(p)));
            }
        }
        return cmd.append(" -cp ").append(quote(System.getProperty("java.class.path"))).append(" studio.magi.Main")
                .toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private void boot() throws Exception {
        for (String sub : List.of("state", "spool", "log")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path key = dir.resolve("munge.key");
        run(List.of("/usr/sbin/mungekey", "--create", "--keyfile=" + key), "mungekey");
        run(List.of("/usr/sbin/munged", "--force", "--socket=" + dir.resolve("munge.sock"), "--key-file=" + key,
                "--log-file=" + dir.resolve("log/munged.log"), "--pid-file=" + dir.resolve("munged.pid"),
                "--seed-file=" + dir.resolve("munged.seed")), "munged");
        int[] ports = freePorts();
        Files.writeString(conf, String.join("\n",
                "ClusterName=magitest",
                "SlurmctldHost=" + host,
                "SlurmUser=root",
                "SlurmdUser=root",
                "AuthType=auth/munge",
                "CredType=cred/munge",
                "AuthInfo=socket=" + dir.resolve("munge.sock"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "JobAcctGatherType=jobacct_gather/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core",
                "ReturnToService=2",
                // The node is as this file says, not as its hardware: the benchmark's 4 CPUs on 2 cores.
                "SlurmdParameters=config_overrides",
                "SlurmdTimeout=" + NODE_TIMEOUT_S,
                "SlurmctldPort=" + ports[0],
                "SlurmdPort=" + ports[1],
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + dir.resolve("log/slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("log/slurmd.log"),
                "MpiDefault=none",
                "NodeName=" + host + " CPUs=" + cpus + " State=UNKNOWN",
                "PartitionName=magi Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP",
                ""));
        run(List.of("/usr/sbin/slurmctld", "-f", conf.toString()), "slurmctld");
        startNode();
    }

    /** Starts the node's daemon and waits until the node takes jobs. */
    void startNode() throws Exception {
        run(List.of("/usr/sbin/slurmd", "-f", conf.toString()), "slurmd");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String state = "";
        while (System.nanoTime() < end) {
            state = output(List.of("/usr/bin/sinfo", "--noheader", "--format=%T")).strip();
            if (state.equals("idle") || state.equals("mixed") || state.equals("allocated")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the one-machine cluster did not start: sinfo says '" + state + "'\n" + logs());
    }

    /**
     * The node dies: its daemon and every process of its jobs are killed at once, so that nothing reports their end.
     */
    void killNode() throws IOException {
        for (long pid : ours()) {
            String cmd = cmdline(pid);
            if (!cmd.startsWith("/usr/sbin/slurmctld") && !cmd.startsWith("/usr/sbin/munged")) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Each job the controller knows, by id: state and the rest of {@code squeue}'s fields (%i|%T|%r|%j|%E|%S|%e). */
    public Map<String, String[]> jobs() throws IOException, InterruptedException {
        Map<String, String[]> jobs = new HashMap<>();
        for (String line : output(List.of("/usr/bin/squeue", "--noheader", "--array", "--states=all",
                "--format=%i|%T|%r|%j|%E|%S|%e")).split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f.length == 7) {
                jobs.put(f[0].strip(), f);
            }
        }
        return jobs;
    }

    /** The daemons' logs, for a failure's message. */
    String logs() {
        StringBuilder b = new StringBuilder();
        for (String log : List.of("munged.log", "slurmctld.log", "slurmd.log")) {
            Path f = dir.resolve("log").resolve(log);
            try {
                List<String> lines = Files.isRegularFile(f) ? Files.readAllLines(f) : List.of("(none)");
                b.append("--- ").append(log).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())))
                        .append('\n');
            } catch (IOException e) {
                b.append("--- ").append(log).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is what called us.
        }
    }

    /** Cancels the jobs, then stops every process of this cluster: daemons, job steps and jobs. */
    private synchronized void stop() {
        try {
            if (Files.isRegularFile(conf)) {
                output(List.of("/usr/bin/scancel", "--full", "--me"));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // The controller may be gone already: the processes are stopped below all the same.
        }
        try {
            List<Long> pids = ours();
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < end && pids.stream().anyMatch(p -> ProcessHandle.of(p).isPresent())) {
                Thread.sleep(100);
            }
            ours().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        } catch (IOException | InterruptedException e) {
            // Whatever is left carries this folder's SLURM_CONF and harms no other cluster.
        }
    }

    /** The processes this cluster started: every one carries its SLURM_CONF (the daemons', inherited by the jobs). */
    private List<Long> ours() throws IOException {
        String mark = "SLURM_CONF=" + conf;
        List<Long> pids = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            for (Path p : proc.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                try {
                    String env = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                    if (Stream.of(env.split("\0")).anyMatch(mark::equals)) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // It ended, or is not ours to read.
                }
            }
        }
        return pids;
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Runs a daemon's start (it forks into the background) or a tool; a failure throws with the logs. Its output goes
     * to a file: a daemon may hold a pipe open long after the command that started it returned.
     */
    private void run(List<String> command, String what) throws IOException, InterruptedException {
        Path out = dir.resolve("log").resolve(what + ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("SLURM_CONF", conf.toString());
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(what + " did not start: " + Files.readString(out) + "\n" + logs());
        }
    }

    private String output(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SLURM_CONF", conf.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static int[] freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }
}
