package studio.magi.project.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;

/**
 * Ripple delete: the chunk is removed and the chunks after it move up to close the gap; their clips keep saying
 * what they said. Removing a shot's only chunk removes the shot.
 */
public record RippleDeleteChunk(UUID chunk) implements Command {
    @Override
    public String description() {
        return "Ripple Delete";
    }

    @Override
    public Project apply(Project project) {
        ChunkPosition at = Find.chunk(project, chunk);
        Shot shot = project.shots().get(at.shot());
        List<Shot> shots = new ArrayList<>(project.shots());
        if (shot.chunks().size() == 1) {
            shots.remove(at.shot());
        } else {
            List<Chunk> chunks = new ArrayList<>(shot.chunks());
            chunks.remove(at.chunk());
            shots.set(at.shot(), shot.withChunks(chunks));
        }
        return project.withShots(shots).keepingPromptsOf(project);
    }
}
