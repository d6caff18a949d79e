package studio.magi.playground;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-chunk prompts. A chunk with an event says what changes ("the circle turns blue"); any other chunk
 * describes the state at its start ("a small red circle bouncing on a black background").
 */
public final class Captions {
    private Captions() {
    }

    public static List<String> of(Simulation simulation) {
        return of(simulation, true);
    }

    /** With {@code withSize}, objects are named with their size word ("a small red circle"). */
    public static List<String> of(Simulation simulation, boolean withSize) {
        SceneSpec spec = simulation.spec();
        List<String> out = new ArrayList<>();
        List<ObjectState> before = null;
        for (int k = 0; k < simulation.chunks().size(); k++) {
            ChunkState c = simulation.chunks().get(k);
            SceneEvent event = eventAt(spec, k);
            if (event != null && before != null) {
                out.add(event(event, before));
            } else {
                out.add(state(c.background(), c.objects(), withSize));
            }
            before = c.objects();
        }
        return out;
    }

    /** "a small red circle and a large blue square bouncing on a black background". */
    public static String state(String background, List<ObjectState> objects, boolean withSize) {
        boolean sameMotion = objects.size() > 1 && objects.stream().map(ObjectState::label).distinct().count() == 1;
        List<String> parts = new ArrayList<>();
        for (ObjectState o : objects) {
            String s = "a " + (withSize ? o.size() + " " : "") + o.color() + " " + o.shape().word();
            if (!sameMotion) {
                s += " " + o.label().phrase();
            }
            parts.add(s);
        }
        String text = String.join(" and ", parts);
        if (sameMotion) {
            text += " " + objects.get(0).label().phrase();
        }
        return text + " on a " + background + " background";
    }

    /** "the background turns white", "the circle turns blue", "the red circle stops" (with two objects). */
    public static String event(SceneEvent e, List<ObjectState> before) {
        if (e.type() == SceneEvent.Type.BACKGROUND) {
            return "the background turns " + e.background();
        }
        ObjectState o = before.get(e.object());
        String who = before.size() == 1 ? o.shape().word() : o.color() + " " + o.shape().word();
        if (e.type() == SceneEvent.Type.COLOR) {
            return "the " + who + " turns " + e.color();
        }
        return "the " + who + " " + e.motion().verb();
    }

    private static SceneEvent eventAt(SceneSpec spec, int chunk) {
        SceneEvent found = null;
        for (SceneEvent e : spec.events()) {
            if (e.chunk() == chunk) {
                found = e;
            }
        }
        return found;
    }
}
