package studio.magi.ui;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The studio's keys, handled before any control sees them: Ctrl combinations everywhere (so Ctrl+Z is the project's
 * undo even while typing a prompt), single keys (Space, J/K/L, S, Delete...) only when no text field has the focus,
 * and Escape leaves a text field for the timeline.
 */
final class Shortcuts {
    private final StudioCommands commands;
    private final Node timeline;

    Shortcuts(StudioCommands commands, Node timeline) {
        this.commands = commands;
        this.timeline = timeline;
    }

    void install(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            boolean typing = scene.getFocusOwner() instanceof TextInputControl;
            if (handle(e, typing)) {
                e.consume();
            }
        });
    }

    private boolean handle(KeyEvent e, boolean typing) {
        KeyCode k = e.getCode();
        if (e.isShortcutDown()) {
            switch (k) {
                case Z -> {
                    if (e.isShiftDown()) {
                        commands.redo();
                    } else {
                        commands.undo();
                    }
                }
                case Y -> commands.redo();
                case S -> {
                    if (e.isShiftDown()) {
                        commands.saveAs();
                    } else {
                        commands.save();
                    }
                }
                case O -> commands.open();
                case N -> commands.newProject();
                case D -> commands.actions().duplicate();
                case Q -> commands.quit();
                case R -> commands.render();
                case E -> commands.export(studio.magi.render.FilmExport.Format.MP4);
                case PERIOD -> commands.cancelRenders();
                default -> {
                    return false;
                }
            }
            return true;
        }
        if (typing) {
            if (k == KeyCode.ESCAPE) {
                timeline.requestFocus();
                return true;
            }
            return false;
        }
        if (e.isAltDown()) {
            return false;
        }
        Transport t = commands.transport();
        switch (k) {
            case SPACE -> t.playPause();
            case J -> t.reverse();
            case K -> t.stop();
            case L -> t.forward();
            case LEFT -> t.step(e.isShiftDown() ? -24 : -1);
            case RIGHT -> t.step(e.isShiftDown() ? 24 : 1);
            case HOME -> t.toStart();
            case END -> t.toEnd();
            case S -> commands.actions().splitAtPlayhead();
            case DELETE, BACK_SPACE -> {
                if (e.isShiftDown()) {
                    commands.actions().rippleDelete();
                } else {
                    commands.actions().clear();
                }
            }
            case EQUALS, PLUS, ADD -> commands.zoom(true);
            case MINUS, SUBTRACT -> commands.zoom(false);
            default -> {
                return false;
            }
        }
        return true;
    }
}
