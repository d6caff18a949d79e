package studio.magi.playground;

import java.util.List;

/** One scored chunk: the background and objects its caption asked for, each object's verdict, and whether the chunk follows its caption. */
public record ChunkVerdict(String background, List<ObjectVerdict> objects, boolean adherent) {
    public ChunkVerdict {
        objects = List.copyOf(objects);
    }
}
