package studio.magi.project.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import studio.magi.project.Project;
import studio.magi.project.Shot;

public record RemoveShot(UUID shot) implements Command {
    @Override
    public String description() {
        return "Remove Shot";
    }

    @Override
    public Project apply(Project project) {
        List<Shot> shots = new ArrayList<>(project.shots());
        shots.remove(Find.shot(project, shot));
        return project.withShots(shots);
    }
}
