package studio.magi.render.farm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import studio.magi.project.Project;
import studio.magi.project.store.ProjectFileException;
import studio.magi.project.store.ProjectFolder;
import studio.magi.render.ChunkRun;
import studio.magi.render.QueueLabels;
import studio.magi.render.RenderStore;

/**
 * A project's farm jobs as {@code ./magi farm status|cancel} shows and stops them: those in its
 * {@code renders/farm/jobs.json}, each with what it renders and where it stands on its cluster.
 */
public final class FarmJobs {
    /**
     * One job: its cluster and Slurm id, what it renders ("Shot 2 · chunks 1–4"), its state in words, and whether it
     * is still pending or running there.
     */
    public record Job(String cluster, String id, String what, String state, boolean live) {
    }

    private final Path projectDir;
    private final ClusterConfig config;

    public FarmJobs(Path projectDir, ClusterConfig config) {
        this.projectDir = projectDir;
        this.config = config;
    }

    /** Every job the project has out, with its state now; one line per cluster that cannot be asked. */
    public List<Job> list() throws FarmException {
        Project project = project();
        RenderStore store = store();
        FarmLedger ledger = new FarmLedger(store.dir());
        Map<String, Map<String, JobState>> byCluster = new HashMap<>();
        List<Job> jobs = new ArrayList<>();
        for (FarmLedger.Entry e : ledger.entries()) {
            String what;
            ChunkRun run = null;
            try {
                run = JobSpec.read(ledger.dir().resolve(e.spec())).run();
                what = QueueLabels.of(project, run);
            } catch (IOException unreadable) {
                what = "(its spec " + e.spec() + " cannot be read)";
            }
            String state;
            boolean live = false;
            try {
                Map<String, JobState> states = byCluster.get(e.cluster());
                if (states == null) {
                    states = new Slurm(config.cluster(e.cluster())).jobs();
                    byCluster.put(e.cluster(), states);
                }
                JobState s = states.get(e.job());
                live = s != null && (s.phase() == JobState.Phase.PENDING || s.phase() == JobState.Phase.RUNNING);
                state = s != null ? s.describe() : run != null && run.keys().stream().allMatch(store::pickUp)
                        ? "done (no longer listed)" : "no longer known to the cluster";
            } catch (FarmException ask) {
                state = ask.getMessage();
            }
            jobs.add(new Job(e.cluster(), e.job(), what, state, live));
        }
        return jobs;
    }

    /**
     * Cancels the named jobs (none named: all of them) and forgets them: what they rendered stays in renders/, the
     * rest renders anew when asked. Returns the jobs cancelled.
     */
    public List<Job> cancel(List<String> ids) throws FarmException {
        List<Job> chosen = list().stream().filter(j -> ids.isEmpty() || ids.contains(j.id())).toList();
        List<String> unknown = ids.stream().filter(id -> chosen.stream().noneMatch(j -> j.id().equals(id))).toList();
        if (!unknown.isEmpty()) {
            throw new FarmException("the project has no farm job " + String.join(", ", unknown)
                    + " (./magi farm status lists them)");
        }
        FarmLedger ledger = new FarmLedger(store().dir());
        for (Job j : chosen) {
            if (j.live()) {
                new Slurm(config.cluster(j.cluster())).cancel(List.of(j.id()));
            }
            try {
                ledger.remove(j.cluster(), j.id());
            } catch (IOException e) {
                throw new FarmException("cancelled job " + j.id() + ", but cannot update " + ledger.dir() + ": "
                        + e.getMessage());
            }
        }
        return chosen;
    }

    private Project project() throws FarmException {
        try {
            return ProjectFolder.at(projectDir).open();
        } catch (ProjectFileException e) {
            throw new FarmException(e.getMessage());
        }
    }

    private RenderStore store() throws FarmException {
        try {
            return RenderStore.open(projectDir);
        } catch (IOException | ProjectFileException e) {
            throw new FarmException("cannot read the renders of " + projectDir + ": " + e.getMessage());
        }
    }
}
