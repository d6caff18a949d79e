package studio.magi.project.edit;

import java.util.UUID;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;

/** Looks up what an edit works on, refusing the edit when it is gone. */
final class Find {
    private Find() {
    }

    static ChunkPosition chunk(Project project, UUID chunkId) {
        return project.locate(chunkId).orElseThrow(() -> new EditRefused("That chunk is no longer in the project."));
    }

    static int shot(Project project, UUID shotId) {
        int i = project.shotIndex(shotId);
        if (i < 0) {
            throw new EditRefused("That shot is no longer in the project.");
        }
        return i;
    }
}
