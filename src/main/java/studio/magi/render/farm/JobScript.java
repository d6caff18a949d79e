package studio.magi.render.farm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch script of one submission: one run, or the takes of a chunk as a job array (task {@code i} renders
 * {@code run-i.json}), each task writing its log beside its spec. It never requeues itself: a job whose node died is
 * shown as failed and submitted again by the studio from its first chunk not rendered, so nothing is rendered twice.
 * The paths go on sbatch's command line ({@link #paths}), where a folder with spaces in its name needs no quoting.
 */
final class JobScript {
    private JobScript() {
    }

    /**
     * @param folder the submission's folder under {@code renders/farm/}, as the nodes see it
     * @param after  the jobs it waits for (they render the chunks it continues); empty for none
     */
    static String text(ClusterSettings cluster, String name, Path folder, int runs, List<String> after) {
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/bash");
        lines.add("#SBATCH --job-name=" + name);
        lines.add("#SBATCH --no-requeue");
        if (runs > 1) {
            lines.add("#SBATCH --array=0-" + (runs - 1));
        }
        if (!after.isEmpty()) {
            lines.add("#SBATCH --dependency=afterok:" + String.join(":", after));
        }
        if (cluster.partition() != null) {
            lines.add("#SBATCH --partition=" + cluster.partition());
        }
        if (cluster.account() != null) {
            lines.add("#SBATCH --account=" + cluster.account());
        }
        if (cluster.gpusPerJob() > 0) {
            lines.add("#SBATCH --gres=gpu:" + cluster.gpusPerJob());
        }
        if (cluster.timeLimit() != null) {
            lines.add("#SBATCH --time=" + cluster.timeLimit());
        }
        lines.addAll(cluster.sbatch());
        lines.add("# MAGI Studio: renders one run of a shot into the project's renders/ by content key.");
        lines.add("folder='" + folder.toString().replace("'", "'\\''") + "'");
        lines.add("exec " + cluster.magi() + " render-job \"$folder/run-${SLURM_ARRAY_TASK_ID:-0}.json\"");
        return String.join("\n", lines) + "\n";
    }

    /** sbatch's options with paths: each task's log beside its spec, and the project folder to work in. */
    static List<String> paths(Path folder, int runs, Path project) {
        return List.of("--output=" + folder.resolve(runs == 1 ? "run-0.log" : "run-%a.log"), "--chdir=" + project);
    }
}
