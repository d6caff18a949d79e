package studio.magi.ui;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.DefaultPropertyEditorFactory;
import org.controlsfx.property.editor.Editors;
import org.controlsfx.property.editor.PropertyEditor;
import studio.magi.project.Shot;
import studio.magi.project.ShotSettings;
import studio.magi.project.edit.ChangeShotSettings;

/**
 * The selected chunk's shot settings as a property sheet: steps, guidance passes, text and history guidance,
 * window, model. A change is one {@link ChangeShotSettings}, so undo covers it; a value the settings refuse is named
 * in the status bar and the sheet shows the settings as they are.
 */
final class ShotSettingsSheet extends PropertySheet {
    private final ProjectSession session;
    private final ChunkActions actions;
    private final List<Setting<?>> items;
    private boolean showing;

    ShotSettingsSheet(ProjectSession session, ChunkActions actions) {
        this.session = session;
        this.actions = actions;
        items = List.of(
                new Setting<>("Steps", "Denoising steps per chunk: more is finer and slower.", Integer.class,
                        ShotSettings::steps, ShotSettings::withSteps, ShotSettings.STEP_CHOICES),
                new Setting<>("Guidance passes", "Passes per step: 3 = text and history guidance, 1 for distilled models.",
                        Integer.class, ShotSettings::cfgNumber, ShotSettings::withCfgNumber, List.of(1, 2, 3)),
                new Setting<>("Text guidance", "How strongly the prompt steers (0 to " + (int) ShotSettings.MAX_TEXT_GUIDANCE + ").",
                        ShotSettings::textGuidance, ShotSettings::withTextGuidance, ShotSettings.MAX_TEXT_GUIDANCE),
                new Setting<>("History guidance", "How strongly earlier chunks steer (0 to "
                        + (int) ShotSettings.MAX_HISTORY_GUIDANCE + ").",
                        ShotSettings::historyGuidance, ShotSettings::withHistoryGuidance, ShotSettings.MAX_HISTORY_GUIDANCE),
                new Setting<>("Window", "Chunks denoised together (1 to 4).", Integer.class, ShotSettings::window,
                        ShotSettings::withWindow, List.of(1, 2, 3, 4)),
                new Setting<>("Model", "The model that renders this shot.", String.class, ShotSettings::model, null, null));
        setId("shot-settings");
        setModeSwitcherVisible(false);
        setSearchBoxVisible(false);
        setMode(PropertySheet.Mode.NAME);
        setPropertyEditorFactory(new DefaultPropertyEditorFactory() {
            @Override
            public PropertyEditor<?> call(PropertySheet.Item item) {
                if (item instanceof Setting<?> s && s.choices != null) {
                    return Editors.createChoiceEditor(item, s.choices);
                }
                if (item instanceof Setting<?> s && s.max > 0) {
                    return new ScaleEditor(item, s.max);
                }
                return super.call(item);
            }
        });
        getItems().setAll(items);
    }

    /** Shows these settings; the editors following them change nothing. */
    void show(ShotSettings settings) {
        showing = true;
        try {
            for (Setting<?> s : items) {
                s.show(settings);
            }
        } finally {
            showing = false;
        }
    }

    /** One row of the sheet. */
    private final class Setting<T> implements PropertySheet.Item {
        private final String name;
        private final String description;
        private final Class<T> type;
        private final Function<ShotSettings, T> read;
        private final BiFunction<ShotSettings, T, ShotSettings> write;
        private final List<T> choices;
        private final double max;
        private final ObjectProperty<Object> value = new SimpleObjectProperty<>();

        /** A setting picked from {@code choices}, or shown read-only when {@code write} is null. */
        Setting(String name, String description, Class<T> type, Function<ShotSettings, T> read,
                BiFunction<ShotSettings, T, ShotSettings> write, List<T> choices) {
            this.name = name;
            this.description = description;
            this.type = type;
            this.read = read;
            this.write = write;
            this.choices = choices;
            this.max = 0;
        }

        /** A scale from 0 to {@code max}. */
        @SuppressWarnings("unchecked")
        Setting(String name, String description, Function<ShotSettings, T> read,
                BiFunction<ShotSettings, T, ShotSettings> write, double max) {
            this.name = name;
            this.description = description;
            this.type = (Class<T>) Double.class;
            this.read = read;
            this.write = write;
            this.choices = null;
            this.max = max;
        }

        void show(ShotSettings s) {
            value.set(read.apply(s));
        }

        @Override
        public Class<?> getType() {
            return type;
        }

        @Override
        public String getCategory() {
            return "Shot";
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public Object getValue() {
            return value.get();
        }

        @Override
        public void setValue(Object newValue) {
            value.set(newValue);
            if (showing || write == null || newValue == null) {
                return;
            }
            actions.selection().ifPresent(at -> {
                Shot shot = session.project().shots().get(at.shot());
                T typed = type.cast(type == Double.class ? (Object) ((Number) newValue).doubleValue()
                        : type == Integer.class ? (Object) ((Number) newValue).intValue() : newValue);
                try {
                    session.execute(new ChangeShotSettings(shot.id(), write.apply(shot.settings(), typed)));
                } catch (IllegalArgumentException e) {
                    session.tell("Not changed: " + e.getMessage() + ".");
                    show(shot.settings());
                }
            });
        }

        @Override
        public Optional<ObservableValue<?>> getObservableValue() {
            return Optional.of(value);
        }

        @Override
        public boolean isEditable() {
            return write != null;
        }
    }
}
