package studio.magi.project.edit;

import studio.magi.project.Project;

/** One undoable edit: a pure function from the project before to the project after. */
public interface Command {
    /** What the edit does, in the user's words, for the Undo/Redo menu items ("Edit Prompt"). */
    String description();

    /**
     * The project after this edit.
     *
     * @throws EditRefused when the edit does not apply to this project (its chunk is gone, a split at a shot's start)
     */
    Project apply(Project project);

    /**
     * Whether {@code next}, arriving right after this edit, joins it as one undo step (typing a prompt is one step,
     * not one per key).
     */
    default boolean absorbs(Command next) {
        return false;
    }
}
