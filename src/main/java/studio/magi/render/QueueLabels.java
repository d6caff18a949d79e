package studio.magi.render;

import java.util.UUID;
import studio.magi.project.Project;

/** The names of render jobs in the queue panel: "Shot 2 · chunks 3–10", "Shot 1 · chunk 4 · take, seed 12". */
public final class QueueLabels {
    private QueueLabels() {
    }

    static String of(Project project, RenderJob j) {
        return of(project, j.run());
    }

    /** A run's name as the project numbers its shots and chunks now. */
    public static String of(Project project, ChunkRun run) {
        int from = run.from();
        if (run.take()) {
            return chunks(project, run.shot(), from, from + 1, false) + " \u00b7 take, seed " + run.chunks().get(0).seed();
        }
        return chunks(project, run.shot(), from, from + run.keys().size(), true);
    }

    /** Chunks {@code from} (inclusive) to {@code to} of the shot as it is numbered now; only the first unless a range. */
    static String chunks(Project project, UUID shot, int from, int to, boolean range) {
        int s = project == null ? -1 : project.shotIndex(shot);
        String name = s < 0 ? "A removed shot" : "Shot " + (s + 1);
        if (!range || to - from == 1) {
            return name + " \u00b7 chunk " + (from + 1);
        }
        return name + " \u00b7 chunks " + (from + 1) + "\u2013" + to;
    }
}
