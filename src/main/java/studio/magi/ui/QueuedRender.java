package studio.magi.ui;

/** One line of the render queue: which chunk, its state in words, and its progress from 0 to 1. */
public record QueuedRender(String chunk, String state, double progress) {
}
