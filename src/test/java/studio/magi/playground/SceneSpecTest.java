package studio.magi.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SceneSpecTest {
    private static final World WORLD = World.standard();

    @TempDir
    Path dir;

    @Test
    void aSpecSurvivesTheFileUnchanged() throws IOException {
        SceneSpec spec = Scenes.sampled(1, 9, Split.HELDOUT, 4).get(0).spec();
        Path file = dir.resolve("scene.json");
        spec.write(file);
        assertEquals(spec, SceneSpec.read(file, WORLD));
    }

    @Test
    void theJsonOfThePythonMirrorIsRead() {
        String json = "{\"version\": 1, \"chunks\": 2, \"background\": \"gray\", \"objects\": [{\"shape\": \"triangle\", "
                + "\"color\": \"cyan\", \"size\": \"large\", \"radius\": 0.18, \"x\": 0.5, \"y\": 0.4, \"vx\": -0.25, \"vy\": 0.0, "
                + "\"motion\": \"sliding left\", \"restitution\": 0.9}], \"collision_restitution\": 1.0, \"events\": "
                + "[{\"chunk\": 1, \"type\": \"motion\", \"object\": 0, \"motion\": \"still\", \"speed\": 0.0}]}";
        SceneSpec spec = SceneSpec.parse(json, WORLD);
        assertEquals(Motion.SLIDING_LEFT, spec.objects().get(0).motion());
        assertEquals(SceneEvent.Type.MOTION, spec.events().get(0).type());
        assertEquals(Motion.STILL, spec.events().get(0).motion());
    }

    @Test
    void unknownNamesAreRefusedWithTheFieldAndTheChoices() {
        String message = invalid(base().replace("\"red\"", "\"purple\""));
        assertTrue(message.contains("objects[0].color") && message.contains("purple") && message.contains("magenta"), message);
        message = invalid(base().replace("\"circle\"", "\"hexagon\""));
        assertTrue(message.contains("hexagon") && message.contains("objects[0].shape"), message);
    }

    @Test
    void brokenJsonIsRefusedWithItsLine() {
        String message = invalid(base().replace("\"chunks\": 3,", "\"chunks\": 3"));
        assertTrue(message.contains("line"), message);
        message = invalid(base().replace("\"chunks\"", "\"chunk_count\""));
        assertTrue(message.contains("'chunks'"), message);
    }

    @Test
    void eventsMustFallOnABoundaryOnceAChunk() {
        String outside = invalid(base().replace("\"events\": []",
                "\"events\": [{\"chunk\": 3, \"type\": \"background\", \"background\": \"white\"}]"));
        assertTrue(outside.contains("chunk must be within 1..2"), outside);
        String twice = invalid(base().replace("\"events\": []",
                "\"events\": [{\"chunk\": 1, \"type\": \"background\", \"background\": \"white\"}, "
                        + "{\"chunk\": 1, \"type\": \"color\", \"object\": 0, \"color\": \"blue\"}]"));
        assertTrue(twice.contains("one event a chunk"), twice);
        String slide = invalid(base().replace("\"events\": []",
                "\"events\": [{\"chunk\": 1, \"type\": \"motion\", \"object\": 0, \"motion\": \"sliding left\", \"speed\": 0}]"));
        assertTrue(slide.contains("needs a speed"), slide);
    }

    @Test
    void objectsStartInsideTheFrameInColoursOfTheirOwn() {
        String outside = invalid(base().replace("\"x\": 0.5", "\"x\": 0.99"));
        assertTrue(outside.contains("inside the frame"), outside);
        SceneSpec twins = Scenes.scene(1, "black", List.of(Scenes.object(Shape.CIRCLE, "red", 0.3, 0.5, 0, 0, Motion.STILL),
                Scenes.object(Shape.SQUARE, "red", 0.7, 0.5, 0, 0, Motion.STILL)));
        InvalidSceneException e = assertThrows(InvalidSceneException.class, () -> twins.validate(WORLD));
        assertTrue(e.getMessage().contains("different colours"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("none.json");
        InvalidSceneException e = assertThrows(InvalidSceneException.class, () -> SceneSpec.read(file, WORLD));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void aBrokenFileIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.json"), "{\"version\": 1,");
        InvalidSceneException e = assertThrows(InvalidSceneException.class, () -> SceneSpec.read(file, WORLD));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    private static String base() {
        return "{\"version\": 1, \"chunks\": 3, \"background\": \"black\", \"objects\": [{\"shape\": \"circle\", \"color\": \"red\", "
                + "\"size\": \"small\", \"radius\": 0.12, \"x\": 0.5, \"y\": 0.5, \"vx\": 0.0, \"vy\": 0.0, \"motion\": \"still\"}], "
                + "\"events\": []}";
    }

    private static String invalid(String json) {
        return assertThrows(InvalidSceneException.class, () -> SceneSpec.parse(json, WORLD)).getMessage();
    }
}
