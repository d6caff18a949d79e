package studio.magi.playground;

/** What an object touched during a frame step. */
public enum Contact {
    WALL, FLOOR, CEILING, COLLISION
}
