package studio.magi.project.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;

/** Inserts a chunk into a shot at {@code index} (0 to the shot's number of chunks). */
public record AddChunk(UUID shot, int index, Chunk chunk) implements Command {
    @Override
    public String description() {
        return "Add Chunk";
    }

    @Override
    public Project apply(Project project) {
        int s = Find.shot(project, shot);
        Shot target = project.shots().get(s);
        if (index < 0 || index > target.chunks().size()) {
            throw new EditRefused("There is no place " + (index + 1) + " for a chunk in that shot.");
        }
        List<Chunk> chunks = new ArrayList<>(target.chunks());
        chunks.add(index, chunk);
        return project.withShot(s, target.withChunks(chunks));
    }
}
