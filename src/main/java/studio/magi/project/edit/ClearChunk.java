package studio.magi.project.edit;

import java.util.UUID;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;

/**
 * Delete: the chunk's prompt and takes go, its one-second slot stays and continues the prompt before it, like lifting
 * a clip in an editor leaves its place on the timeline.
 */
public record ClearChunk(UUID chunk) implements Command {
    @Override
    public String description() {
        return "Clear Chunk";
    }

    @Override
    public Project apply(Project project) {
        ChunkPosition at = Find.chunk(project, chunk);
        return project.withShot(at.shot(), project.shots().get(at.shot())
                .withChunk(at.chunk(), project.chunk(at).cleared()));
    }
}
