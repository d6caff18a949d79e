package studio.magi.render;

/** One job of the render queue as the queue panel lists it. */
public record QueueLine(long job, String label, String state, double progress) {
}
