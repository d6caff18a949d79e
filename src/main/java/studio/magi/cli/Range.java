package studio.magi.cli;

/**
 * A whole-number option checked against what the program can do with it, so that a value out of range is one line
 * before any work, not a number that wraps or overflows later (chunks 2^32+1 read as 1).
 */
final class Range {
    private Range() {
    }

    static int check(String name, long value, int min, int max) {
        if (value < min || value > max) {
            throw new UserError(name + " must be from " + min + " to " + max + ", got " + value);
        }
        return (int) value;
    }
}
