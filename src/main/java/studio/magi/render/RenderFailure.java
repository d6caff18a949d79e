package studio.magi.render;

/** A render cannot go on: the message says why, in one line for the render queue. */
final class RenderFailure extends RuntimeException {
    RenderFailure(String message) {
        super(message);
    }
}
