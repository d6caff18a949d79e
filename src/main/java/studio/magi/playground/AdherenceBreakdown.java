package studio.magi.playground;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Adherence split by what the caption asked: per motion, per colour, per background, per number of objects, and
 * per kind of held-out combination, so a score can say which words a model follows and which it does not. A chunk counts once under
 * each value one of its objects (or its background) asks; each object's attributes count under its own values.
 */
public record AdherenceBreakdown(Map<String, Map<String, Group>> byAttribute) {
    public static final String MOTION = "motion";
    public static final String COLOR = "color";
    public static final String BACKGROUND = "background";
    public static final String OBJECTS = "objects";
    public static final String HELD_OUT = "held_out";
    static final String HELD_PAIR = "background_color";
    static final String HELD_TRIPLE = "color_shape_motion";
    static final String NOT_HELD = "none";

    /** Chunks asking for one value, how many follow their caption, and that value's objects' attributes shown. */
    public record Group(int chunks, int adherent, int objects, int color, int shape, int motion) {
        static final Group NONE = new Group(0, 0, 0, 0, 0, 0);

        Group plus(boolean chunkAdherent, List<ObjectVerdict> objects) {
            return new Group(chunks + 1, adherent + (chunkAdherent ? 1 : 0), this.objects + objects.size(),
                    color + count(objects, ObjectVerdict::color), shape + count(objects, ObjectVerdict::shape),
                    motion + count(objects, ObjectVerdict::motion));
        }

        public double adherence() {
            return (double) adherent / chunks;
        }

        public Double colorRight() {
            return objects == 0 ? null : (double) color / objects;
        }

        public Double shapeRight() {
            return objects == 0 ? null : (double) shape / objects;
        }

        public Double motionRight() {
            return objects == 0 ? null : (double) motion / objects;
        }

        private static int count(List<ObjectVerdict> objects, Predicate<ObjectVerdict> right) {
            return (int) objects.stream().filter(right).count();
        }
    }

    public AdherenceBreakdown {
        Map<String, Map<String, Group>> copy = new LinkedHashMap<>();
        byAttribute.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        byAttribute = Collections.unmodifiableMap(copy);
    }

    public static AdherenceBreakdown of(List<ChunkVerdict> chunks, HeldOut heldOut) {
        Map<String, Map<String, Group>> by = new LinkedHashMap<>();
        for (String a : List.of(MOTION, COLOR, BACKGROUND, OBJECTS, HELD_OUT)) {
            by.put(a, new TreeMap<>());
        }
        for (ChunkVerdict c : chunks) {
            add(by.get(MOTION), c, o -> o.asked().label().word());
            add(by.get(COLOR), c, o -> o.asked().color());
            by.get(BACKGROUND).merge(c.background(), Group.NONE.plus(c.adherent(), c.objects()), AdherenceBreakdown::sum);
            by.get(OBJECTS).merge(Integer.toString(c.objects().size()), Group.NONE.plus(c.adherent(), c.objects()),
                    AdherenceBreakdown::sum);
            add(by.get(HELD_OUT), c, o -> heldKind(heldOut, c.background(), o.asked()));
        }
        return new AdherenceBreakdown(by);
    }

    /** The values of one attribute, in alphabetical order, each with its group. */
    public Map<String, Group> values(String attribute) {
        return byAttribute.getOrDefault(attribute, Map.of());
    }

    private static void add(Map<String, Group> groups, ChunkVerdict c, Function<ObjectVerdict, String> value) {
        Map<String, List<ObjectVerdict>> objects = new LinkedHashMap<>();
        for (ObjectVerdict o : c.objects()) {
            objects.computeIfAbsent(value.apply(o), k -> new ArrayList<>()).add(o);
        }
        objects.forEach((v, os) -> groups.merge(v, Group.NONE.plus(c.adherent(), os), AdherenceBreakdown::sum));
    }

    private static String heldKind(HeldOut heldOut, String background, ObjectState o) {
        if (heldOut.pairs().contains(new HeldOut.Pair(background, o.color()))) {
            return HELD_PAIR;
        }
        return heldOut.triples().contains(new HeldOut.Triple(o.color(), o.shape(), o.label())) ? HELD_TRIPLE : NOT_HELD;
    }

    private static Group sum(Group a, Group b) {
        return new Group(a.chunks() + b.chunks(), a.adherent() + b.adherent(), a.objects() + b.objects(),
                a.color() + b.color(), a.shape() + b.shape(), a.motion() + b.motion());
    }
}
