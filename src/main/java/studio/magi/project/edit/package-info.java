/**
 * Every change to a project is a {@link studio.magi.project.edit.Command} run through the
 * {@link studio.magi.project.edit.History}. Projects are immutable values, so undo restores the exact earlier value
 * and redo the exact later one: no command needs hand-written inverse logic.
 */
package studio.magi.project.edit;
