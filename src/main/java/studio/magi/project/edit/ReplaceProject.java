package studio.magi.project.edit;

import java.util.Objects;
import studio.magi.project.Project;

/** Puts a whole other version of the project in place, undoably (recovering an autosave). */
public record ReplaceProject(Project replacement, String description) implements Command {
    public ReplaceProject {
        Objects.requireNonNull(replacement);
        Objects.requireNonNull(description);
    }

    @Override
    public Project apply(Project project) {
        return replacement;
    }
}
