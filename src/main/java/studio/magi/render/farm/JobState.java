package studio.magi.render.farm;

import java.util.Set;

/**
 * A Slurm job as {@code squeue} lists it: its id ({@code 12}, or {@code 12_3} for a task of an array), its state
 * ({@code PENDING}, {@code RUNNING}, {@code COMPLETED}, {@code NODE_FAIL}...), the reason it waits or ended, and its
 * node.
 */
public record JobState(String id, String state, String reason, String node) {
    /** Where a job stands, as the studio tells them apart. */
    public enum Phase { PENDING, RUNNING, DONE, CANCELLED, FAILED }

    private static final Set<String> PENDING = Set.of("PENDING", "CONFIGURING", "REQUEUED", "REQUEUE_HOLD",
            "REQUEUE_FED", "RESV_DEL_HOLD", "SUSPENDED", "STOPPED", "SPECIAL_EXIT", "RESIZING", "SIGNALING");
    private static final Set<String> RUNNING = Set.of("RUNNING", "COMPLETING", "STAGE_OUT");

    public Phase phase() {
        if (PENDING.contains(state)) {
            return Phase.PENDING;
        }
        if (RUNNING.contains(state)) {
            return Phase.RUNNING;
        }
        return switch (state) {
            case "COMPLETED" -> Phase.DONE;
            case "CANCELLED" -> Phase.CANCELLED;
            // FAILED, NODE_FAIL, TIMEOUT, OUT_OF_MEMORY, BOOT_FAIL, DEADLINE, PREEMPTED, REVOKED
            default -> Phase.FAILED;
        };
    }

    /** A job held by a dependency that can no longer be met: the job it waits for did not end well. */
    public boolean neverRuns() {
        return "DependencyNeverSatisfied".equals(reason);
    }

    /** In a few words: "pending (Priority)", "running on node7", "NODE_FAIL on node7". */
    public String describe() {
        return switch (phase()) {
            case PENDING -> "pending" + (reason.isEmpty() || reason.equals("None") ? "" : " (" + reason + ")");
            case RUNNING -> "running" + (node.isEmpty() ? "" : " on " + node);
            case DONE -> "done";
            case CANCELLED -> "cancelled";
            case FAILED -> state + (node.isEmpty() ? "" : " on " + node)
                    + (reason.isEmpty() || reason.equals("None") ? "" : " (" + reason + ")");
        };
    }
}
