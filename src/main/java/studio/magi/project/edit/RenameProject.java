package studio.magi.project.edit;

import studio.magi.project.Project;

public record RenameProject(String name) implements Command {
    @Override
    public String description() {
        return "Rename Project";
    }

    @Override
    public Project apply(Project project) {
        if (name == null || name.isBlank()) {
            throw new EditRefused("A project needs a name.");
        }
        return project.withName(name.strip());
    }
}
