package studio.magi.playground;

import java.util.List;

/** What a chunk of a clip shows: its background (null when no background colour dominates) and its objects. */
public record ChunkAnalysis(String background, List<ObjectTrack> objects) {
    public ChunkAnalysis {
        objects = List.copyOf(objects);
    }

    /** The object of this colour, or null. */
    public ObjectTrack object(String color) {
        for (ObjectTrack o : objects) {
            if (o.color().equals(color)) {
                return o;
            }
        }
        return null;
    }
}
