package studio.magi.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionsTest {
    @Test
    void chunksDescribeTheirStateAndEventChunksTheChange() {
        SceneSpec spec = Scenes.scene(4, "black", List.of(Scenes.object(Shape.CIRCLE, "red", 0.5, 0.3, 0.2, 0, Motion.BOUNCING)),
                SceneEvent.color(1, 0, "blue"), SceneEvent.motion(2, 0, Motion.STILL, 0), SceneEvent.background(3, "white"));
        assertEquals(List.of("a small red circle bouncing on a black background", "the circle turns blue", "the circle stops",
                "the background turns white"), Captions.of(Scenes.simulate(spec)));
    }

    @Test
    void twoObjectsAreNamedByColourAndShareAMotionPhrase() {
        SceneSpec spec = Scenes.scene(2, "gray", List.of(Scenes.object(Shape.SQUARE, "red", 0.25, 0.3, 0, 0, Motion.STILL),
                Scenes.object(Shape.TRIANGLE, "cyan", 0.75, 0.5, 0, 0, Motion.STILL)), SceneEvent.motion(1, 1, Motion.SLIDING_LEFT, 0.2));
        List<String> captions = Captions.of(Scenes.simulate(spec));
        assertEquals("a small red square and a small cyan triangle standing still on a gray background", captions.get(0));
        assertEquals("the cyan triangle slides left", captions.get(1));
    }

    @Test
    void differentMotionsAreSaidPerObjectAndSizesCanBeLeftOut() {
        SceneSpec spec = Scenes.scene(1, "white", List.of(Scenes.object(Shape.SQUARE, "red", 0.25, 0.3, 0.3, 0, Motion.SLIDING_RIGHT),
                Scenes.object(Shape.CIRCLE, "blue", 0.75, 0.7, 0, 0, Motion.STILL)));
        assertEquals(List.of("a red square sliding right and a blue circle standing still on a white background"),
                Captions.of(Scenes.simulate(spec), false));
    }
}
