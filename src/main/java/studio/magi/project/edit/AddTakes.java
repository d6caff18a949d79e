package studio.magi.project.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Take;

/**
 * Adds takes to a chunk (other seeds of the same second, to compare). A chunk's first takes begin with the one it
 * already plays, which stays chosen.
 */
public record AddTakes(UUID chunk, List<Take> takes) implements Command {
    public AddTakes {
        takes = List.copyOf(takes);
    }

    @Override
    public String description() {
        return takes.size() == 1 ? "Add Take" : "Add Takes";
    }

    @Override
    public Project apply(Project project) {
        if (takes.isEmpty()) {
            throw new EditRefused("No takes to add.");
        }
        ChunkPosition at = Find.chunk(project, chunk);
        Chunk c = project.chunk(at);
        List<Take> all = new ArrayList<>(c.takes());
        for (Take t : takes) {
            if (all.stream().anyMatch(x -> x.seed() == t.seed())) {
                throw new EditRefused("This chunk already has a take with seed " + t.seed() + ".");
            }
            all.add(t);
        }
        int chosen = c.chosenTake() >= 0 ? c.chosenTake() : all.stream().map(Take::seed).toList().indexOf(c.seed());
        Chunk updated = new Chunk(c.id(), c.prompt(), c.seed(), all, chosen);
        return project.withShot(at.shot(), project.shots().get(at.shot()).withChunk(at.chunk(), updated));
    }
}
