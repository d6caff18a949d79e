package studio.magi.project.edit;

import java.util.UUID;
import studio.magi.project.Project;
import studio.magi.project.ShotSettings;

/** New settings for a shot; several changes to one shot in a row are one undo step. */
public record ChangeShotSettings(UUID shot, ShotSettings settings) implements Command {
    @Override
    public String description() {
        return "Change Shot Settings";
    }

    @Override
    public Project apply(Project project) {
        int s = Find.shot(project, shot);
        return project.withShot(s, project.shots().get(s).withSettings(settings));
    }

    @Override
    public boolean absorbs(Command next) {
        return next instanceof ChangeShotSettings c && c.shot.equals(shot);
    }
}
