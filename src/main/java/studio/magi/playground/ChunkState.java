package studio.magi.playground;

import java.util.List;
import java.util.Set;

/**
 * A chunk as simulated: the state its caption describes (after the chunk's event), each object's motion mode at the
 * start and after the chunk's last step, and what each object touched during the chunk.
 */
public record ChunkState(
        String background,
        List<ObjectState> objects,
        List<Motion> startModes,
        List<Motion> endModes,
        List<Set<Contact>> contacts) {

    public ChunkState {
        objects = List.copyOf(objects);
        startModes = List.copyOf(startModes);
        endModes = List.copyOf(endModes);
        contacts = contacts.stream().map(Set::copyOf).toList();
    }

    /**
     * Whether the caption holds for all the chunk's frames: every object keeps its motion mode, and sliding, rising
     * and falling objects touch nothing (a wall would reverse a slide, the floor stop a fall).
     */
    public boolean clean() {
        return firstUnclean() < 0;
    }

    /** The first object that breaks {@link #clean()}, or -1. */
    public int firstUnclean() {
        for (int i = 0; i < startModes.size(); i++) {
            Motion m = startModes.get(i);
            if (endModes.get(i) != m) {
                return i;
            }
            if (m != Motion.BOUNCING && m != Motion.STILL && !contacts.get(i).isEmpty()) {
                return i;
            }
        }
        return -1;
    }
}
