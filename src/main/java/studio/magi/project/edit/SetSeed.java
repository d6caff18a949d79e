package studio.magi.project.edit;

import java.util.UUID;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Take;

public record SetSeed(UUID chunk, long seed) implements Command {
    @Override
    public String description() {
        return "Change Seed";
    }

    @Override
    public Project apply(Project project) {
        if (seed < 0) {
            throw new EditRefused("A seed is a whole number from 0 up.");
        }
        ChunkPosition at = Find.chunk(project, chunk);
        Chunk c = project.chunk(at);
        int take = c.takes().stream().map(Take::seed).toList().indexOf(seed);
        return project.withShot(at.shot(), project.shots().get(at.shot())
                .withChunk(at.chunk(), c.withChosenTake(take).withSeed(seed)));
    }
}
