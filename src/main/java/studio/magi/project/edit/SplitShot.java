package studio.magi.project.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;

/**
 * Cuts a shot before a chunk: that chunk and the ones after it become a new shot (id {@code newShotId}) right
 * after, with the same settings, starting from nothing. A chunk is one generated second and cannot itself be cut
 * in time, so a split is a cut between chunks: the new shot no longer continues the old one.
 */
public record SplitShot(UUID chunk, UUID newShotId) implements Command {
    @Override
    public String description() {
        return "Split Shot";
    }

    @Override
    public Project apply(Project project) {
        ChunkPosition at = Find.chunk(project, chunk);
        if (at.chunk() == 0) {
            throw new EditRefused("The shot already starts at this chunk; split at a later chunk.");
        }
        Shot shot = project.shots().get(at.shot());
        List<Shot> shots = new ArrayList<>(project.shots());
        shots.set(at.shot(), shot.withChunks(shot.chunks().subList(0, at.chunk())));
        shots.add(at.shot() + 1, new Shot(newShotId, ShotStart.NOTHING, shot.settings(),
                shot.chunks().subList(at.chunk(), shot.chunks().size())));
        return project.withShots(shots).keepingPromptsOf(project);
    }
}
