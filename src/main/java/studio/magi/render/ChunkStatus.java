package studio.magi.render;

/**
 * Where a chunk's render stands: never rendered, stale (rendered for something it no longer says), waiting in the
 * queue, rendering (step {@code step} of {@code steps}), done, or failed with a message.
 */
public record ChunkStatus(State state, int step, int steps, String message) {
    public enum State { NOT_RENDERED, STALE, QUEUED, RENDERING, DONE, FAILED }

    public static final ChunkStatus NOT_RENDERED = new ChunkStatus(State.NOT_RENDERED, 0, 0, "");
    public static final ChunkStatus STALE = new ChunkStatus(State.STALE, 0, 0, "");
    public static final ChunkStatus QUEUED = new ChunkStatus(State.QUEUED, 0, 0, "");
    public static final ChunkStatus DONE = new ChunkStatus(State.DONE, 0, 0, "");

    public static ChunkStatus rendering(int step, int steps) {
        return new ChunkStatus(State.RENDERING, step, steps, "");
    }

    public static ChunkStatus failed(String message) {
        return new ChunkStatus(State.FAILED, 0, 0, message);
    }

    public boolean done() {
        return state == State.DONE;
    }

    /** Queued or rendering: frames are on their way. */
    public boolean pending() {
        return state == State.QUEUED || state == State.RENDERING;
    }

    /** 0 to 1 while rendering. */
    public double progress() {
        return steps == 0 ? 0 : (double) step / steps;
    }

    /** In words, for the queue and tooltips. */
    public String describe() {
        return switch (state) {
            case NOT_RENDERED -> "not rendered";
            case STALE -> "stale";
            case QUEUED -> "queued";
            case RENDERING -> "rendering, step " + step + " of " + steps;
            case DONE -> "done";
            case FAILED -> "failed: " + message;
        };
    }
}
