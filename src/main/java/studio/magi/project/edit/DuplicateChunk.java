package studio.magi.project.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;

/** Places a copy of a chunk (prompt and seed, no takes) right after it, under the id {@code copyId}. */
public record DuplicateChunk(UUID chunk, UUID copyId) implements Command {
    @Override
    public String description() {
        return "Duplicate Chunk";
    }

    @Override
    public Project apply(Project project) {
        ChunkPosition at = Find.chunk(project, chunk);
        Shot shot = project.shots().get(at.shot());
        List<Chunk> chunks = new ArrayList<>(shot.chunks());
        chunks.add(at.chunk() + 1, chunks.get(at.chunk()).copyAs(copyId));
        return project.withShot(at.shot(), shot.withChunks(chunks));
    }
}
