package studio.magi.project.edit;

import java.util.List;
import java.util.Objects;
import studio.magi.project.Project;

/** Several edits that undo and redo as one step. */
public record CompositeCommand(String description, List<Command> steps) implements Command {
    public CompositeCommand {
        Objects.requireNonNull(description);
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a composite command needs at least one step");
        }
    }

    @Override
    public Project apply(Project project) {
        Project p = project;
        for (Command step : steps) {
            p = step.apply(p);
        }
        return p;
    }
}
