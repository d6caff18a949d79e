package studio.magi.project.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import studio.magi.project.Chunk;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;

/**
 * Moves a chunk into the gap {@code gap} of shot {@code toShot}, counted before the move (0 = before its first chunk,
 * its number of chunks = after its last): what a drop indicator between two clips points at. Every clip keeps saying
 * what it said. A shot left without chunks is removed.
 */
public record MoveChunk(UUID chunk, UUID toShot, int gap) implements Command {
    @Override
    public String description() {
        return "Move Chunk";
    }

    @Override
    public Project apply(Project project) {
        ChunkPosition from = Find.chunk(project, chunk);
        int to = Find.shot(project, toShot);
        Shot target = project.shots().get(to);
        if (gap < 0 || gap > target.chunks().size()) {
            throw new EditRefused("There is no place " + (gap + 1) + " for a chunk in that shot.");
        }
        int insertAt = gap;
        if (from.shot() == to) {
            if (gap == from.chunk() || gap == from.chunk() + 1) {
                return project;
            }
            if (gap > from.chunk()) {
                insertAt--;
            }
        }
        Chunk moving = project.chunk(from);
        List<Shot> shots = new ArrayList<>(project.shots());
        Shot source = shots.get(from.shot());
        List<Chunk> sourceChunks = new ArrayList<>(source.chunks());
        sourceChunks.remove(from.chunk());
        List<Chunk> targetChunks = from.shot() == to ? sourceChunks : new ArrayList<>(target.chunks());
        targetChunks.add(insertAt, moving);
        shots.set(to, target.withChunks(targetChunks));
        if (from.shot() != to) {
            if (sourceChunks.isEmpty()) {
                shots.remove(from.shot());
            } else {
                shots.set(from.shot(), source.withChunks(sourceChunks));
            }
        }
        return project.withShots(shots).keepingPromptsOf(project);
    }
}
