package studio.magi.ui;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.css.CssMetaData;
import javafx.css.SimpleStyleableObjectProperty;
import javafx.css.StyleConverter;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The timeline's colours, from the stylesheet: studio.css sets each {@code -timeline-*} property on {@code .timeline}
 * (most of them to the theme's own {@code -color-*} variables) and the painter reads them here. The view is the
 * styleable node that carries them; a change of theme repaints it.
 */
final class TimelinePalette {
    /** A colour the painter uses, styled by the CSS property {@code -timeline-NAME} (CLIP_CARRIED: -timeline-clip-carried). */
    enum Ink {
        BACKGROUND, RULER, HEADER, LANE, CLIP, CLIP_CARRIED, START_CLIP, BORDER, SELECTED, TEXT, TEXT_DIM, DROP, STALE,
        FAILED, PROGRESS, FILMSTRIP;

        final String css = "-timeline-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What an ink is before the stylesheet has been applied, or when it does not name it. */
    private static final Color UNSTYLED = Color.GRAY;
    private static final Map<Ink, InkMetaData> META = new EnumMap<>(Ink.class);
    private static final List<CssMetaData<? extends Styleable, ?>> CSS_META_DATA;

    static {
        List<CssMetaData<? extends Styleable, ?>> all = new ArrayList<>(Region.getClassCssMetaData());
        for (Ink ink : Ink.values()) {
            InkMetaData m = new InkMetaData(ink);
            META.put(ink, m);
            all.add(m);
        }
        CSS_META_DATA = Collections.unmodifiableList(all);
    }

    private final Map<Ink, StyleableObjectProperty<Color>> inks = new EnumMap<>(Ink.class);

    TimelinePalette(TimelineView owner, Runnable changed) {
        for (Ink ink : Ink.values()) {
            StyleableObjectProperty<Color> p = new SimpleStyleableObjectProperty<>(META.get(ink), owner, ink.css, UNSTYLED);
            p.addListener(o -> changed.run());
            inks.put(ink, p);
        }
    }

    Color get(Ink ink) {
        return inks.get(ink).get();
    }

    /** Region's CSS properties and the inks: what {@link TimelineView#getCssMetaData()} answers. */
    static List<CssMetaData<? extends Styleable, ?>> cssMetaData() {
        return CSS_META_DATA;
    }

    private static final class InkMetaData extends CssMetaData<TimelineView, Color> {
        private final Ink ink;

        InkMetaData(Ink ink) {
            super(ink.css, StyleConverter.getColorConverter(), UNSTYLED);
            this.ink = ink;
        }

        @Override
        public boolean isSettable(TimelineView view) {
            return !view.palette().inks.get(ink).isBound();
        }

        @Override
        public StyleableProperty<Color> getStyleableProperty(TimelineView view) {
            return view.palette().inks.get(ink);
        }
    }
}
