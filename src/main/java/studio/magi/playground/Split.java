package studio.magi.playground;

/** Which scenes a sampler draws: those training sees, or those that show a held-out combination first. */
public enum Split {
    /** No chunk shows a held-out combination. */
    TRAIN,
    /** The first chunk shows at least one held-out combination. */
    HELDOUT
}
