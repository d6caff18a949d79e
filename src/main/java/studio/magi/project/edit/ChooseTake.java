package studio.magi.project.edit;

import java.util.UUID;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;

/** Keeps one of a chunk's takes: the one the film plays (its seed becomes the chunk's). */
public record ChooseTake(UUID chunk, int take) implements Command {
    @Override
    public String description() {
        return "Choose Take";
    }

    @Override
    public Project apply(Project project) {
        ChunkPosition at = Find.chunk(project, chunk);
        Chunk c = project.chunk(at);
        if (take < 0 || take >= c.takes().size()) {
            throw new EditRefused("That chunk has no take " + (take + 1) + ".");
        }
        return project.withShot(at.shot(), project.shots().get(at.shot()).withChunk(at.chunk(), c.withChosenTake(take).withSeed(c.takes().get(take).seed())));
    }
}
