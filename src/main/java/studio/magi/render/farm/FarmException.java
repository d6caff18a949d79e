package studio.magi.render.farm;

/** The cluster cannot do what was asked; the message says why in one line, naming the cluster. */
public final class FarmException extends Exception {
    public FarmException(String message) {
        super(message);
    }
}
