package studio.magi.render.farm;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the studio submits to one cluster, as {@code clusters.json} names it.
 *
 * @param partition  the Slurm partition ({@code --partition}); null: the cluster's default
 * @param account    the account charged ({@code --account}); null: the user's default
 * @param gpusPerJob GPUs each job asks for ({@code --gres=gpu:N}); 0 renders on the node's CPU
 * @param timeLimit  each job's time limit ({@code --time}, such as {@code 1:00:00}); null: the partition's
 * @param magi       the command that runs MAGI Studio on a node (a shell command line: the installed
 *                   {@code magi-studio}, or {@code /shared/magi-studio/magi})
 * @param model      the model folder as the nodes see it; null: the studio's own, on storage they share
 * @param sbatch     further {@code #SBATCH} lines, as written (such as {@code #SBATCH --qos=high})
 * @param slurmBin   the folder of Slurm's commands; null: the PATH
 * @param slurmConf  the {@code slurm.conf} the commands read ({@code SLURM_CONF}); null: the system's
 * @param maxJobs    how many of the studio's jobs may be on the cluster at once
 */
public record ClusterSettings(String name, String partition, String account, int gpusPerJob, String timeLimit,
                              String magi, Path model, List<String> sbatch, Path slurmBin, Path slurmConf,
                              int maxJobs) {
    /** What Slurm takes as a time limit: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS. */
    private static final Pattern TIME = Pattern.compile("\\d+|\\d+:\\d{1,2}|\\d+:\\d{1,2}:\\d{1,2}|\\d+-\\d+(:\\d{1,2}){0,2}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.,-]+");

    public ClusterSettings {
        sbatch = List.copyOf(sbatch);
        String what = "cluster '" + name + "': ";
        if (partition != null && !WORD.matcher(partition).matches()) {
            throw new IllegalArgumentException(what + "partition '" + partition + "' is not a Slurm partition name");
        }
        if (account != null && !WORD.matcher(account).matches()) {
            throw new IllegalArgumentException(what + "account '" + account + "' is not a Slurm account name");
        }
        if (gpusPerJob < 0) {
            throw new IllegalArgumentException(what + "gpusPerJob must be 0 or more, not " + gpusPerJob);
        }
        if (timeLimit != null && !TIME.matcher(timeLimit).matches()) {
            throw new IllegalArgumentException(what + "timeLimit '" + timeLimit + "' is not a Slurm time (such as 1:00:00)");
        }
        if (magi == null || magi.isBlank()) {
            throw new IllegalArgumentException(what + "magi, the command that runs MAGI Studio on the nodes, is missing");
        }
        for (String line : sbatch) {
            if (!line.startsWith("#SBATCH ") || line.contains("\n")) {
                throw new IllegalArgumentException(what + "each sbatch line starts with '#SBATCH ', not '" + line + "'");
            }
        }
        if (maxJobs < 1) {
            throw new IllegalArgumentException(what + "maxJobs must be at least 1, not " + maxJobs);
        }
    }

    /** The device a job renders on: the first GPU Slurm gave it, else the CPU. */
    String device() {
        return gpusPerJob > 0 ? "gpu:0" : "cpu";
    }
}
