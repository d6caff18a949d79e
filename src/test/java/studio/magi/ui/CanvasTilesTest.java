package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/** What is painted lands on the tiles it covers, seamlessly, and no others are touched. */
@ExtendWith(ApplicationExtension.class)
class CanvasTilesTest {
    @Test
    void aRectangleIsPaintedOnTheTilesItTouchesOnly(FxRobot robot) {
        robot.interact(() -> {
            CanvasTiles tiles = new CanvasTiles();
            tiles.setSize(600, 300);
            assertEquals(3 * 3, tiles.count(), "256 x 128 tiles, the last ones cut to size");
            List<String> touched = new ArrayList<>();
            tiles.paint(0, 0, 600, 300, false, g -> {
                touched.add("all");
                g.setFill(Color.BLACK);
                g.fillRect(0, 0, 600, 300);
            });
            assertEquals(9, touched.size());
            touched.clear();
            tiles.paint(250, 10, 20, 20, false, g -> {
                touched.add("straddling");
                g.setFill(Color.RED);
                g.fillRect(250, 10, 20, 20);
            });
            assertEquals(2, touched.size(), "the first two tiles of the top row");
            touched.clear();
            tiles.paint(256, 128, 256, 128, true, g -> {
                touched.add("exactly one");
                g.setFill(Color.BLUE);
                g.fillRect(0, 0, 600, 300);
            });
            assertEquals(1, touched.size());

            WritableImage shot = tiles.snapshot(null, null);
            assertEquals(Color.BLACK, shot.getPixelReader().getColor(249, 15));
            assertEquals(Color.RED, shot.getPixelReader().getColor(255, 15), "left of the seam");
            assertEquals(Color.RED, shot.getPixelReader().getColor(256, 15), "right of the seam");
            assertEquals(Color.BLUE, shot.getPixelReader().getColor(300, 200));
            assertEquals(Color.BLACK, shot.getPixelReader().getColor(520, 200), "clipped to the rectangle");
        });
    }
}
