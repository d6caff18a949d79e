package studio.magi.render.farm;

import java.nio.file.Files;
import java.nio.file.Path;
import studio.magi.render.ChunkRun;
import studio.magi.render.RenderStore;
import studio.magi.render.RenderTarget;

/**
 * One run followed on the cluster, from its submission to its end: the chunks its node writes into {@code renders/}
 * are handed to the service in order as they appear, its steps as its log tells them, and its end as {@code squeue}
 * says it (or, once the controller has forgotten the job, as {@code renders/} and its log show it). It ends exactly
 * once, and a job that failed, or whose node died, ends failed with its chunks not rendered left not done. Used on
 * the farm's thread only.
 */
final class FarmRun {
    private final ChunkRun run;
    private final RenderStore renders;
    private final RenderTarget.Listener listener;
    private final String cluster;
    private String job;
    private Path spec;
    private Path logFile;
    private JobLog log;
    private int stored;
    private boolean cancelled;
    private boolean left;
    private boolean over;
    private boolean stepping;
    private String shown = "";

    FarmRun(ChunkRun run, RenderStore renders, RenderTarget.Listener listener, String cluster) {
        this.run = run;
        this.renders = renders;
        this.listener = listener;
        this.cluster = cluster;
    }

    ChunkRun run() {
        return run;
    }

    RenderStore renders() {
        return renders;
    }

    /** The Slurm job id ({@code 12}, or {@code 12_1} for a task of an array); null until submitted. */
    String job() {
        return job;
    }

    Path spec() {
        return spec;
    }

    /** Its job's log, beside its spec. */
    Path log() {
        return logFile;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** It ended, or the studio no longer follows it: the farm forgets it. */
    boolean over() {
        return over || left;
    }

    /** The studio stopped following it while it was on its way. */
    boolean left() {
        return left && !over;
    }

    /** Whether it ended well: every chunk in renders/, or cancelled by the studio. */
    boolean endedWell() {
        return over && job != null && (cancelled || stored == run.chunks().size());
    }

    void submitting() {
        say("cluster '" + cluster + "': submitting");
    }

    /** The job is on the cluster; its log is beside its spec. */
    void submitted(String jobId, Path specFile) {
        job = jobId;
        spec = specFile;
        logFile = specFile.resolveSibling(specFile.getFileName().toString().replace(".json", ".log"));
        log = new JobLog(logFile);
        say("cluster '" + cluster + "': job " + jobId + " submitted");
    }

    /** The studio asked it to stop: its job is cancelled (by the caller), what it rendered stays. */
    void cancel() {
        cancelled = true;
    }

    /** The studio stops following it (the project closed); the job goes on. */
    void leave() {
        left = true;
    }

    /** Hands over the chunks that appeared in renders/ and the latest step of the log. */
    void poll() {
        if (over()) {
            return;
        }
        try {
            while (stored < run.chunks().size() && Files.isDirectory(renders.folder(run.keys().get(stored)))) {
                listener.stored(stored++);
            }
        } catch (RuntimeException e) {
            fail(e.getMessage());
            return;
        }
        if (log != null) {
            log.newStep().filter(s -> s.chunk() >= stored && s.chunk() < run.chunks().size()).ifPresent(s -> {
                stepping = true;
                listener.step(s.chunk(), s.done(), s.steps());
            });
        }
    }

    /** What the cluster says of the job now; null when it no longer lists it. */
    void update(JobState state) {
        if (over() || job == null) {
            return;
        }
        poll();
        if (over()) {
            return;
        }
        if (state == null) {
            end("job " + job + " is no longer known to the cluster");
            return;
        }
        switch (state.phase()) {
            case PENDING -> say("cluster '" + cluster + "': job " + job + " " + state.describe());
            case RUNNING -> {
                if (!stepping) {
                    say("cluster '" + cluster + "': job " + job + " " + state.describe());
                }
            }
            case DONE -> end("job " + job + " ended");
            case CANCELLED -> end(cancelled ? null : "job " + job + " was cancelled on the cluster");
            case FAILED -> end("job " + job + " " + state.describe());
        }
    }

    /** The job is over: it ended well when every chunk is in renders/ (or the studio cancelled it), else failed. */
    private void end(String why) {
        if (cancelled || stored == run.chunks().size()) {
            over = true;
            listener.ended();
            return;
        }
        fail("cluster '" + cluster + "': " + (why == null ? "job " + job + " ended" : why)
                + log.errorLine().map(l -> ": " + l).orElse(" before chunk " + (run.from() + stored + 1)));
    }

    /** It cannot go on (a chunk it wrote cannot be read, or its submission failed). */
    void fail(String reason) {
        if (!over()) {
            over = true;
            listener.failed(reason);
        }
    }

    /** Tells the service where the run stands, when that changed. */
    void say(String state) {
        if (!state.equals(shown)) {
            shown = state;
            listener.waiting(state);
        }
    }
}
