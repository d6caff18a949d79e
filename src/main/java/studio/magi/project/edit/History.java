package studio.magi.project.edit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import studio.magi.project.Project;

/**
 * The undo/redo stack of one open project. Each state of the project has a revision number; an edit makes a new,
 * never reused revision, undo and redo return to earlier ones. The project is dirty when its revision is not the
 * one last saved, so undoing back to the saved state makes it clean again.
 */
public final class History {
    /** Steps kept for undo; older ones are dropped (projects share structure, so steps are cheap, but not free). */
    static final int DEPTH = 1000;
    /** A revision no state has: marked as saved, it makes every state dirty (work recovered, never saved). */
    public static final long NEVER_SAVED = -1;

    private record Step(Command command, Project before, Project after, long revisionBefore, long revisionAfter) {
    }

    private final Deque<Step> done = new ArrayDeque<>();
    private final Deque<Step> undone = new ArrayDeque<>();
    private final List<Runnable> listeners = new ArrayList<>();
    private Project current;
    private long revision;
    private long nextRevision = 1;
    private long savedRevision;
    private long changes;
    private boolean lastStepOpen;

    /** A history whose starting state counts as saved (a project just opened, or a new one). */
    public History(Project initial) {
        current = Objects.requireNonNull(initial);
    }

    public Project current() {
        return current;
    }

    /**
     * Applies an edit and makes it the step to undo. An edit that changes nothing is not recorded.
     *
     * @throws EditRefused when the edit does not apply; the project is unchanged
     */
    public void execute(Command command) {
        Project after = command.apply(current);
        if (after.equals(current)) {
            return;
        }
        undone.clear();
        Step top = done.peek();
        if (lastStepOpen && top != null && top.command().absorbs(command)) {
            done.pop();
            if (after.equals(top.before())) {
                // typed back to where the step began: the step undoes itself
                lastStepOpen = false;
                moveTo(top.before(), top.revisionBefore());
                return;
            }
            done.push(new Step(command, top.before(), after, top.revisionBefore(), nextRevision++));
        } else {
            done.push(new Step(command, current, after, revision, nextRevision++));
            if (done.size() > DEPTH) {
                done.removeLast();
            }
        }
        lastStepOpen = true;
        moveTo(after, done.peek().revisionAfter());
    }

    /** Ends the current step: the next edit is a step of its own even if it could join this one. */
    public void seal() {
        lastStepOpen = false;
    }

    public boolean canUndo() {
        return !done.isEmpty();
    }

    public boolean canRedo() {
        return !undone.isEmpty();
    }

    public Optional<String> undoDescription() {
        return Optional.ofNullable(done.peek()).map(s -> s.command().description());
    }

    public Optional<String> redoDescription() {
        return Optional.ofNullable(undone.peek()).map(s -> s.command().description());
    }

    public void undo() {
        if (done.isEmpty()) {
            return;
        }
        Step step = done.pop();
        undone.push(step);
        lastStepOpen = false;
        moveTo(step.before(), step.revisionBefore());
    }

    public void redo() {
        if (undone.isEmpty()) {
            return;
        }
        Step step = undone.pop();
        done.push(step);
        lastStepOpen = false;
        moveTo(step.after(), step.revisionAfter());
    }

    /** The revision of the current state. */
    public long revision() {
        return revision;
    }

    /** How many times the project changed (edits, undos, redos) since this history began; never goes back. */
    public long changes() {
        return changes;
    }

    /** Records that the state with this revision is what the project file now holds. */
    public void markSaved(long savedAt) {
        savedRevision = savedAt;
        lastStepOpen = false;
        fire();
    }

    public boolean isDirty() {
        return revision != savedRevision;
    }

    /** Called after every change of the project, of the undo/redo stacks or of the dirty flag. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    private void moveTo(Project project, long newRevision) {
        current = project;
        revision = newRevision;
        changes++;
        fire();
    }

    private void fire() {
        for (Runnable l : List.copyOf(listeners)) {
            l.run();
        }
    }
}
