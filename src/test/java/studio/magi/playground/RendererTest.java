package studio.magi.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import studio.magi.media.Frame;

class RendererTest {
    private final Renderer renderer = new Renderer(Scenes.WORLD);

    @Test
    void aPixelIsInsideWhenItsCentreIs() {
        Frame f = renderer.render(new FrameState("black", List.of(new BodyState(Shape.SQUARE, "red", 0.25, 0.5, 0.5))), 4, 4);
        assertEquals("....\n.##.\n.##.\n....\n", picture(f));
    }

    @Test
    void trianglesPointUpAndCirclesAreRound() {
        Frame t = renderer.render(new FrameState("black", List.of(new BodyState(Shape.TRIANGLE, "red", 0.4, 0.5, 0.5))), 10, 10);
        assertEquals("..........\n..........\n....##....\n....##....\n...####...\n...####...\n..######..\n..######..\n.########.\n..........\n",
                picture(t));
        Frame c = renderer.render(new FrameState("black", List.of(new BodyState(Shape.CIRCLE, "red", 0.4, 0.5, 0.5))), 10, 10);
        assertEquals("..........\n...####...\n..######..\n.########.\n.########.\n.########.\n.########.\n..######..\n...####...\n..........\n",
                picture(c));
    }

    @Test
    void laterObjectsCoverEarlierOnesInTheirColours() {
        Frame f = renderer.render(new FrameState("white", List.of(new BodyState(Shape.SQUARE, "red", 0.3, 0.4, 0.5),
                new BodyState(Shape.SQUARE, "blue", 0.3, 0.6, 0.5))), 10, 10);
        assertEquals(Scenes.WORLD.color("blue").r(), f.red(5, 5));
        assertEquals(Scenes.WORLD.color("red").r(), f.red(1, 5));
        assertEquals(255, f.red(0, 0));
    }

    @Test
    void anySizeIsDrawnInFrameUnits() {
        Frame f = renderer.render(new FrameState("gray", List.of(new BodyState(Shape.SQUARE, "green", 0.25, 0.5, 0.5))), 8, 4);
        assertEquals("........\n..####..\n..####..\n........\n", picture(f));
    }

    private static String picture(Frame f) {
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                int rgb = f.rgb(x, y);
                out.append(rgb == 0 || rgb == 0xFFFFFF || rgb == 0x808080 ? '.' : '#');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
