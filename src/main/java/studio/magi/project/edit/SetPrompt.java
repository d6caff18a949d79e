package studio.magi.project.edit;

import java.util.Objects;
import java.util.UUID;
import studio.magi.project.ChunkPosition;
import studio.magi.project.Project;

/** Gives a chunk its own prompt ("" makes it carry the previous chunk's prompt on). */
public record SetPrompt(UUID chunk, String prompt) implements Command {
    public SetPrompt {
        Objects.requireNonNull(prompt);
    }

    @Override
    public String description() {
        return "Edit Prompt";
    }

    @Override
    public Project apply(Project project) {
        ChunkPosition at = Find.chunk(project, chunk);
        return project.withShot(at.shot(), project.shots().get(at.shot())
                .withChunk(at.chunk(), project.chunk(at).withPrompt(prompt)));
    }

    @Override
    public boolean absorbs(Command next) {
        return next instanceof SetPrompt p && p.chunk.equals(chunk);
    }
}
