package studio.magi.ui;

import java.util.function.IntPredicate;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import studio.magi.project.Chunk;

/**
 * The playhead and how it moves: play/pause, J/K/L shuttle (L again plays faster), frame and second steps. Its
 * position is a frame of the whole film; {@link #advance} moves it by elapsed time at 24 fps times the rate. Playing
 * into a chunk that is still rendering waits for it ("buffering") and goes on when it has landed.
 */
public final class Transport {
    public static final double MAX_RATE = 8;

    private final ReadOnlyIntegerWrapper frame = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper rate = new ReadOnlyDoubleWrapper();
    private final ReadOnlyBooleanWrapper buffering = new ReadOnlyBooleanWrapper();
    private IntPredicate coming = f -> false;
    private int length;
    private double position;

    public ReadOnlyIntegerProperty frameProperty() {
        return frame.getReadOnlyProperty();
    }

    public int frame() {
        return frame.get();
    }

    /** 0 when stopped; 1 plays forward at 24 fps, -2 backward at twice that, and so on. */
    public ReadOnlyDoubleProperty rateProperty() {
        return rate.getReadOnlyProperty();
    }

    public boolean playing() {
        return rate.get() != 0;
    }

    /** True while playback waits for the chunk ahead to finish rendering. */
    public ReadOnlyBooleanProperty bufferingProperty() {
        return buffering.getReadOnlyProperty();
    }

    /** Which frames are on their way (their chunk is queued or rendering): playback waits before them. */
    public void waitFor(IntPredicate stillComing) {
        coming = stillComing;
    }

    /** The film's length in frames; the playhead stays on a frame of it. */
    public void setLength(int frames) {
        length = Math.max(0, frames);
        seek(frame.get());
    }

    public int lastFrame() {
        return Math.max(0, length - 1);
    }

    /** Space: plays forward from here (from the start when at the end), or pauses. */
    public void playPause() {
        if (playing()) {
            stop();
            return;
        }
        if (frame.get() >= lastFrame()) {
            seek(0);
        }
        rate.set(1);
    }

    /** L: plays forward; pressed again while playing forward, twice as fast (up to 8x). */
    public void forward() {
        rate.set(rate.get() <= 0 ? 1 : Math.min(rate.get() * 2, MAX_RATE));
    }

    /** J: plays backward; pressed again, twice as fast. */
    public void reverse() {
        rate.set(rate.get() >= 0 ? -1 : Math.max(rate.get() * 2, -MAX_RATE));
    }

    /** K. */
    public void stop() {
        rate.set(0);
        buffering.set(false);
        position = frame.get();
    }

    /** Moves by whole frames (arrow keys: 1, Shift+arrow: 24), stopping playback. */
    public void step(int frames) {
        stop();
        seek(frame.get() + frames);
    }

    public void seek(int target) {
        int f = Math.max(0, Math.min(target, lastFrame()));
        position = f;
        frame.set(f);
    }

    public void toStart() {
        step(-frame.get());
    }

    public void toEnd() {
        stop();
        seek(lastFrame());
    }

    /** Moves the playhead by {@code seconds} of playback; stops at either end. */
    public void advance(double seconds) {
        if (!playing()) {
            return;
        }
        double next = position + seconds * Chunk.FPS * rate.get();
        int target = (int) Math.floor(Math.max(0, Math.min(next, lastFrame())));
        if (target != frame.get() && coming.test(target)) {
            buffering.set(true);
            return;
        }
        buffering.set(false);
        position = next;
        if (position >= lastFrame() || position <= 0) {
            int end = position <= 0 ? 0 : lastFrame();
            stop();
            seek(end);
            return;
        }
        frame.set((int) Math.floor(position));
    }
}
