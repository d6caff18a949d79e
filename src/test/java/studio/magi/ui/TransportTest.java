package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class TransportTest {
    private final Transport t = new Transport();

    {
        t.setLength(10 * 24);
    }

    @Test
    void playingAdvances24FramesASecond() {
        t.playPause();
        t.advance(0.5);
        assertEquals(12, t.frame());
        t.advance(1.0);
        assertEquals(36, t.frame());
        t.playPause();
        t.advance(1.0);
        assertEquals(36, t.frame(), "paused");
    }

    @Test
    void lAgainPlaysFasterAndJPlaysBackward() {
        t.forward();
        t.forward();
        t.forward();
        assertEquals(4, t.rateProperty().get());
        t.advance(1.0);
        assertEquals(96, t.frame());
        t.reverse();
        assertEquals(-1, t.rateProperty().get());
        t.reverse();
        t.advance(1.0);
        assertEquals(48, t.frame());
        for (int i = 0; i < 10; i++) {
            t.forward();
        }
        assertEquals(Transport.MAX_RATE, t.rateProperty().get());
        t.stop();
        assertFalse(t.playing());
    }

    @Test
    void playbackStopsAtTheEndsAndSpaceAtTheEndStartsOver() {
        t.playPause();
        t.advance(60);
        assertEquals(239, t.frame());
        assertFalse(t.playing());
        t.playPause();
        assertEquals(0, t.frame());
        t.reverse();
        t.advance(1);
        assertEquals(0, t.frame());
        assertFalse(t.playing());
    }

    @Test
    void stepsStayOnTheFilm() {
        t.step(-5);
        assertEquals(0, t.frame());
        t.step(24);
        assertEquals(24, t.frame());
        t.toEnd();
        assertEquals(239, t.frame());
        t.step(1);
        assertEquals(239, t.frame());
        t.setLength(48);
        assertEquals(47, t.frame(), "a shorter film pulls the playhead in");
        t.toStart();
        assertEquals(0, t.frame());
    }
}
