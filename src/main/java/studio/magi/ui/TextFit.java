package studio.magi.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * Cuts text to a width in a font, as the timeline's clips and headers show it. Measured widths are remembered: a
 * clip is painted on each canvas tile it covers, and repainted at every step of its render, with the same words.
 */
final class TextFit {
    private static final int REMEMBERED = 2048;

    private final Text measure = new Text();
    private final Map<String, Double> widths = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** The longest start of {@code s} that fits {@code width}: whole words and an ellipsis where possible. */
    String fit(String s, Font font, double width) {
        if (width(s, font) <= width) {
            return s;
        }
        String cut = s;
        int space;
        while ((space = cut.lastIndexOf(' ')) > 0) {
            cut = cut.substring(0, space).strip();
            if (width(cut + "\u2026", font) <= width) {
                return cut + "\u2026";
            }
        }
        for (int n = s.length() - 1; n > 0; n--) {
            if (width(s.substring(0, n) + "\u2026", font) <= width) {
                return s.substring(0, n) + "\u2026";
            }
        }
        return "";
    }

    /** {@code s} over two lines of {@code width}: whole words on the first, the rest cut to fit on the second. */
    String[] twoLines(String s, Font font, double width) {
        String first = fit(s, font, width);
        if (first.equals(s)) {
            return new String[] {s, ""};
        }
        int space = s.lastIndexOf(' ', first.length() - 1);
        if (space <= 0 || width(s.substring(0, space), font) > width) {
            return new String[] {first, ""};
        }
        return new String[] {s.substring(0, space), fit(s.substring(space + 1), font, width)};
    }

    double width(String s, Font font) {
        return widths.computeIfAbsent(font.getName() + '\u0000' + font.getSize() + '\u0000' + s, k -> {
            measure.setFont(font);
            measure.setText(s);
            return measure.getLayoutBounds().getWidth();
        });
    }
}
