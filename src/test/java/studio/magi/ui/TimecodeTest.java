package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimecodeTest {
    @Test
    void framesReadAsMinutesSecondsAndFramesWithTwoDigitsEach() {
        assertEquals("00:00:00", Timecode.of(0));
        assertEquals("00:00:23", Timecode.of(23));
        assertEquals("00:01:00", Timecode.of(24));
        assertEquals("01:02:03", Timecode.of((62 * 24) + 3));
        assertEquals("100:00:05", Timecode.of(100 * 60 * 24 + 5));
    }
}
