package studio.magi.playground;

import com.fasterxml.jackson.annotation.JsonValue;

/** How an object moves; the words are those of the captions. */
public enum Motion {
    BOUNCING("bouncing", "bouncing", "bounces"),
    FALLING("falling", "falling", "falls"),
    SLIDING_LEFT("sliding left", "sliding left", "slides left"),
    SLIDING_RIGHT("sliding right", "sliding right", "slides right"),
    RISING("rising", "rising", "rises"),
    STILL("still", "standing still", "stops");

    private final String word;
    private final String phrase;
    private final String verb;

    Motion(String word, String phrase, String verb) {
        this.word = word;
        this.phrase = phrase;
        this.verb = verb;
    }

    /** The name in scene specs: "sliding left". */
    @JsonValue
    public String word() {
        return word;
    }

    /** As a state caption says it: "standing still". */
    public String phrase() {
        return phrase;
    }

    /** As an event caption says it: "stops". */
    public String verb() {
        return verb;
    }

    public boolean isSliding() {
        return this == SLIDING_LEFT || this == SLIDING_RIGHT;
    }

    public static Motion of(String word) {
        for (Motion m : values()) {
            if (m.word.equals(word)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown motion '" + word
                + "' (known: bouncing, falling, sliding left, sliding right, rising, still)");
    }

    @Override
    public String toString() {
        return word;
    }
}
