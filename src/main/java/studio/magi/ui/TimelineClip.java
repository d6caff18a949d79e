package studio.magi.ui;

import java.util.UUID;
import studio.magi.render.ChunkStatus;

/**
 * A chunk's clip as the timeline shows it: which chunk, where (canvas x and width), its prompt (carried from an
 * earlier chunk or its own), whether it is selected, its render status, the second it starts at, and whether its
 * filmstrip frames are at hand. Two equal clips look the same on screen.
 */
public record TimelineClip(int shot, int chunk, UUID id, double x, double width, String prompt, boolean carried,
                           boolean ownPrompt, boolean selected, ChunkStatus status, int startSecond, boolean filmstrip) {
    /** The words the clip shows: its prompt, or "(no prompt)". */
    public String label() {
        return prompt.isBlank() ? "(no prompt)" : prompt.strip();
    }

    public ChunkStatus.State state() {
        return status.state();
    }

    /** The same chunk in the same place: only its looks may differ. */
    boolean samePlace(TimelineClip o) {
        return id.equals(o.id) && shot == o.shot && chunk == o.chunk && x == o.x && width == o.width;
    }
}
