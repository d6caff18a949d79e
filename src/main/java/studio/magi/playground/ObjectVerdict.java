package studio.magi.playground;

/**
 * One object a chunk's caption asked for, and which of its attributes the clip shows: an object of its colour, the
 * matched object's shape (whole), the matched object's motion.
 */
public record ObjectVerdict(ObjectState asked, boolean color, boolean shape, boolean motion) {
}
