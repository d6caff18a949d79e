package studio.magi.ui;

import java.util.function.Supplier;
import javafx.geometry.Orientation;
import javafx.scene.control.ScrollBar;
import studio.magi.project.Project;

/** The timeline's scroll bars: they follow the layout's scroll offsets, and dragging them scrolls the layout. */
final class TimelineBars {
    static final double SIZE = 14;

    private final ScrollBar horizontal = new ScrollBar();
    private final ScrollBar vertical = new ScrollBar();
    private final TimelineLayout layout;
    private boolean following;

    TimelineBars(TimelineLayout layout, Supplier<Project> project, Runnable scrolled) {
        this.layout = layout;
        horizontal.setOrientation(Orientation.HORIZONTAL);
        vertical.setOrientation(Orientation.VERTICAL);
        horizontal.valueProperty().addListener((o, a, b) -> scroll(project.get(), scrolled));
        vertical.valueProperty().addListener((o, a, b) -> scroll(project.get(), scrolled));
    }

    ScrollBar horizontal() {
        return horizontal;
    }

    ScrollBar vertical() {
        return vertical;
    }

    /** The bars as the layout is now: range, thumb size, steps and position. */
    void follow(Project p) {
        following = true;
        double viewW = Math.max(1, layout.width() - TimelineLayout.HEADER);
        horizontal.setMin(0);
        horizontal.setMax(layout.maxScrollX(p));
        horizontal.setVisibleAmount(viewW * layout.maxScrollX(p) / Math.max(1, layout.contentWidth(p)));
        horizontal.setUnitIncrement(layout.chunkWidth() / 2);
        horizontal.setBlockIncrement(viewW * 0.8);
        horizontal.setValue(layout.scrollX());
        horizontal.setDisable(layout.maxScrollX(p) <= 0);
        vertical.setMin(0);
        vertical.setMax(layout.maxScrollY(p));
        vertical.setUnitIncrement(TimelineLayout.LANE / 2);
        vertical.setValue(layout.scrollY());
        vertical.setVisible(layout.maxScrollY(p) > 0);
        following = false;
    }

    private void scroll(Project p, Runnable scrolled) {
        if (!following) {
            layout.scrollTo(horizontal.getValue(), vertical.getValue(), p);
            scrolled.run();
        }
    }
}
