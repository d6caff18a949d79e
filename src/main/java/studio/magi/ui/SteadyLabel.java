package studio.magi.ui;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/**
 * A label whose text changes at every frame (the timecode and the position under the preview). A managed label that
 * changes its text asks a layout of every ancestor up to the scene's root, the window's split panes included; this
 * one is unmanaged (its own layout root) in a slot as wide as the widest text it has shown, so a new text lays out the
 * label alone. Only a text wider than any before widens the slot, with a layout of its parents.
 */
final class SteadyLabel extends Region {
    private final Label label = new Label() {
        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            if (prefWidth(-1) > widest) {
                SteadyLabel.this.requestLayout();
            }
        }
    };
    private double widest;

    SteadyLabel(Pos alignment) {
        label.setManaged(false);
        label.setAlignment(alignment);
        getChildren().add(label);
        setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
    }

    Label label() {
        return label;
    }

    @Override
    protected double computeMinWidth(double height) {
        return label.minWidth(height);
    }

    @Override
    protected double computePrefWidth(double height) {
        widest = Math.max(widest, label.prefWidth(height));
        return widest;
    }

    @Override
    protected double computeMinHeight(double width) {
        return label.minHeight(width);
    }

    @Override
    protected double computePrefHeight(double width) {
        return label.prefHeight(width);
    }

    @Override
    protected void layoutChildren() {
        label.resizeRelocate(0, 0, getWidth(), getHeight());
    }
}
