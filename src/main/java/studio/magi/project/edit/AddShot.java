package studio.magi.project.edit;

import java.util.ArrayList;
import java.util.List;
import studio.magi.project.Project;
import studio.magi.project.Shot;

/** Inserts a shot at {@code index} (0 to the number of shots). */
public record AddShot(int index, Shot shot) implements Command {
    @Override
    public String description() {
        return switch (shot.start().kind()) {
            case NOTHING -> "Add Shot";
            case IMAGE -> "Add Shot from Image";
            case VIDEO -> "Add Shot from Video";
            case SHOT -> "Continue as New Shot";
        };
    }

    @Override
    public Project apply(Project project) {
        if (index < 0 || index > project.shots().size()) {
            throw new EditRefused("There is no place " + (index + 1) + " for a shot.");
        }
        List<Shot> shots = new ArrayList<>(project.shots());
        shots.add(index, shot);
        return project.withShots(shots);
    }
}
