package studio.magi.ui;

import javafx.beans.value.ObservableValue;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.util.StringConverter;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.AbstractPropertyEditor;

/**
 * A guidance scale in the property sheet: a spinner from 0 to {@code max} in steps of 0.5 whose typed text is taken
 * on Enter or when leaving it; text that is no number leaves the value as it was.
 */
final class ScaleEditor extends AbstractPropertyEditor<Double, Spinner<Double>> {
    ScaleEditor(PropertySheet.Item item, double max) {
        super(item, spinner(max));
    }

    private static Spinner<Double> spinner(double max) {
        SpinnerValueFactory.DoubleSpinnerValueFactory values = new SpinnerValueFactory.DoubleSpinnerValueFactory(0, max, 0, 0.5);
        values.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double v) {
                return v == null ? "" : v % 1 == 0 ? String.valueOf(v.intValue()) : String.valueOf(v);
            }

            @Override
            public Double fromString(String s) {
                try {
                    return Math.max(0, Math.min(max, Double.parseDouble(s.strip())));
                } catch (NumberFormatException e) {
                    return values.getValue();
                }
            }
        });
        Spinner<Double> spinner = new Spinner<>(values);
        spinner.setEditable(true);
        spinner.setMaxWidth(Double.MAX_VALUE);
        return spinner;
    }

    @Override
    protected ObservableValue<Double> getObservableValue() {
        return getEditor().valueProperty();
    }

    @Override
    public void setValue(Double value) {
        if (value != null) {
            getEditor().getValueFactory().setValue(value);
        }
    }
}
