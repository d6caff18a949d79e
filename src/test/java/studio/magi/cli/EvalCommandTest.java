package studio.magi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.media.Frame;
import studio.magi.media.ImageFile;
import studio.magi.playground.MotionMasks;

class EvalCommandTest {
    @TempDir
    static Path dir;
    static Path truth;

    @BeforeAll
    static void renderTruth() {
        truth = dir.resolve("truth");
        Console c = Console.run("playground", "render", "--scenes", "4", "--chunks", "3", "--seed", "2", "--out", truth.toString(), "--format", "png");
        assertEquals(0, c.exit(), c.err());
    }

    @Test
    void theTruthAgainstItselfScoresFullMarksAsTheTruthBaselineDoesAndCountsWhatWasScored() throws IOException {
        JsonNode json = truthAgainstItself();
        for (String key : List.of("adherence", "scene_consistency", "motion_naturalness")) {
            assertEquals(1.0, json.get(key).asDouble(), key);
        }
        assertTrue(json.has("chunk_prompt_control"));
        for (String part : List.of("background", "object_count", "color", "shape", "motion")) {
            assertEquals(1.0, json.get("adherence_parts").get(part).asDouble(), part);
        }
        assertEquals(1.0, json.get("motion_travel").asDouble(), 0.05);
        for (String key : List.of("spatial_iou", "spatiotemporal_iou", "weighted_spatial_iou")) {
            assertEquals(1.0, json.get("physics").get(key).asDouble(), key);
        }
        assertEquals(0.0, json.get("physics").get("mse").asDouble());
        JsonNode by = json.get("adherence_by");
        int chunksByBackground = 0;
        for (String attribute : List.of("motion", "color", "background", "objects", "held_out")) {
            for (JsonNode group : by.get(attribute)) {
                assertEquals(1.0, group.get("adherence").asDouble(), attribute);
                chunksByBackground += attribute.equals("background") ? group.get("chunks").asInt() : 0;
            }
        }
        assertEquals(json.get("scored").get("chunks").asInt(), chunksByBackground, "every scored chunk has one background");
        JsonNode truthBaseline = json.get("baselines").get("truth");
        for (String key : List.of("adherence", "chunk_prompt_control", "scene_consistency", "motion_naturalness", "adherence_parts",
                "motion_travel", "physics")) {
            assertEquals(json.get(key), truthBaseline.get(key), "the clips are the truth, so they score as its baseline: " + key);
        }

        // 4 scenes of 3 chunks, the first 2 given: chunk 2 of each is scored, and the boundary into it is a prompt
        // change exactly when the scene has an event at chunk 2.
        int changes = 0;
        for (int i = 0; i < 4; i++) {
            for (JsonNode e : new ObjectMapper().readTree(truth.resolve(scene(i) + ".json").toFile()).get("events")) {
                changes += e.get("chunk").asInt() == 2 ? 1 : 0;
            }
        }
        JsonNode scored = json.get("scored");
        assertEquals(4, scored.get("clips").asInt());
        assertEquals(2, scored.get("prefix_chunks").asInt());
        assertEquals(4, scored.get("chunks").asInt());
        assertEquals(changes, scored.get("prompt_changes").asInt());
        assertEquals(4 - changes, scored.get("boundaries").asInt());
    }

    @Test
    void theCopyLastBaselineScoresWhatHoldingTheLastPrefixFrameGives() throws IOException {
        JsonNode copyLast = truthAgainstItself().get("baselines").get("copy_last");
        // Worked out from the truth's frames: MSE against the held frame 47, and the IoUs of no motion at all (an
        // empty union counts 1), both per clip over the continuation (frames 48..71), then averaged over the clips.
        double mse = 0;
        double spatial = 0;
        double spatiotemporal = 0;
        for (int i = 0; i < 4; i++) {
            List<Frame> frames = new ArrayList<>();
            for (int f = 0; f < 72; f++) {
                frames.add(ImageFile.read(truth.resolve(scene(i)).resolve(String.format(Locale.ROOT, "frame-%04d.png", f))));
            }
            Frame held = frames.get(47);
            List<Frame> continuation = frames.subList(48, 72);
            double clipError = 0;
            for (Frame f : continuation) {
                for (int y = 0; y < f.height(); y++) {
                    for (int x = 0; x < f.width(); x++) {
                        clipError += square(f.red(x, y) - held.red(x, y)) + square(f.green(x, y) - held.green(x, y))
                                + square(f.blue(x, y) - held.blue(x, y));
                    }
                }
            }
            mse += clipError / (255.0 * 255.0) / (3.0 * held.width() * held.height()) / continuation.size() / 4;
            List<boolean[]> masks = MotionMasks.of(continuation).masks();
            long still = masks.stream().filter(m -> !anyTrue(m)).count();
            spatial += (still == masks.size() ? 1.0 : 0.0) / 4;
            spatiotemporal += (double) still / masks.size() / 4;
        }
        JsonNode physics = copyLast.get("physics");
        assertTrue(mse > 0, "something moves in the truth's continuation");
        assertEquals(mse, physics.get("mse").asDouble(), 1e-12);
        assertEquals(spatial, physics.get("spatial_iou").asDouble(), 1e-12);
        assertEquals(spatial, physics.get("weighted_spatial_iou").asDouble(), 1e-12, "no moving frames: weighted is spatial");
        assertEquals(spatiotemporal, physics.get("spatiotemporal_iou").asDouble(), 1e-12);
        assertEquals(0.0, copyLast.get("motion_travel").asDouble(), "a held frame covers no distance");
    }

    private static JsonNode truthAgainstItself() throws IOException {
        Console c = Console.run("eval", "--truth", truth.toString(), "--generated", truth.toString(), "--json");
        assertEquals(0, c.exit(), c.err());
        return new ObjectMapper().readTree(c.out());
    }

    private static String scene(int i) {
        return String.format(Locale.ROOT, "scene-%04d", i);
    }

    private static double square(int v) {
        return (double) v * v;
    }

    private static boolean anyTrue(boolean[] mask) {
        for (boolean b : mask) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    @Test
    void clipsOfAnotherSizeAreScoredAgainstTheTruthDrawnAtTheirSize() {
        Path small = dir.resolve("small");
        Console c = Console.run("playground", "render", "--scenes", "4", "--chunks", "3", "--seed", "2", "--out", small.toString(), "--size", "32");
        assertEquals(0, c.exit(), c.err());
        Console e = Console.run("eval", "--truth", truth.toString(), "--generated", small.toString(), "--prefix-chunks", "1");
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.out().contains("instruction adherence") && e.out().contains("copy_last"), e.out());
        assertTrue(e.out().lines().anyMatch(l -> l.startsWith("scene consistency") && l.contains("100.0 %")), e.out());
    }

    @Test
    void missingOrEmptyFoldersAreNamed() throws IOException {
        Path nowhere = dir.resolve("nowhere");
        assertOneLine(Console.run("eval", "--truth", nowhere.toString(), "--generated", truth.toString()), nowhere + ": no such folder");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertOneLine(Console.run("eval", "--truth", truth.toString(), "--generated", empty.toString()), empty + ": the folder is empty");
        assertOneLine(Console.run("eval", "--truth", empty.toString(), "--generated", truth.toString()), "no scene specs");
    }

    @Test
    void aMissingClipWrongFrameCountOrBrokenFileIsNamed() throws IOException {
        Path generated = copyOfTruth("generated");
        delete(generated.resolve("scene-0002"));
        assertOneLine(Console.run("eval", "--truth", truth.toString(), "--generated", generated.toString()), "no clip for scene scene-0002");

        Path short1 = copyOfTruth("short");
        Files.delete(short1.resolve("scene-0001").resolve("frame-0071.png"));
        assertOneLine(Console.run("eval", "--truth", truth.toString(), "--generated", short1.toString()),
                short1.resolve("scene-0001") + ": 71 frames");

        Path broken = copyOfTruth("broken");
        delete(broken.resolve("scene-0000"));
        Files.writeString(broken.resolve("scene-0000.mp4"), "not a video");
        assertOneLine(Console.run("eval", "--truth", truth.toString(), "--generated", broken.toString()), broken.resolve("scene-0000.mp4").toString());

        Path badSpec = copyOfTruth("bad-spec");
        Files.writeString(badSpec.resolve("scene-0003.json"), "{\"version\": 1");
        assertOneLine(Console.run("eval", "--truth", badSpec.toString(), "--generated", truth.toString()), badSpec.resolve("scene-0003.json").toString());
    }

    @Test
    void deliberatelyWrongClipsScoreLow() throws IOException {
        Path noise = dir.resolve("noise");
        Console c = Console.run("playground", "corrupt", "--truth", truth.toString(), "--kind", "noise", "--out", noise.toString(), "--format", "png");
        assertEquals(0, c.exit(), c.err());
        JsonNode json = new ObjectMapper().readTree(Console.run("eval", "--truth", truth.toString(), "--generated", noise.toString(), "--json").out());
        assertEquals(0.0, json.get("adherence").asDouble());
        assertEquals(0.0, json.get("motion_naturalness").asDouble());
    }

    @Test
    void theModelGeneratesTheScenesItIsScoredOn() throws IOException {
        Path model = Path.of(System.getProperty("magi.home", ".")).resolve("ckpt").resolve("nano");
        Path saved = dir.resolve("saved");
        Console c = Console.run("eval", "--model", model.toString(), "--scenes", "2", "--chunks", "2",
                "--prefix-chunks", "1", "--json", "--save", saved.toString());
        assertEquals(0, c.exit(), c.err());
        JsonNode json = new ObjectMapper().readTree(c.out());
        assertEquals(2, json.get("scored").get("clips").asInt());
        assertEquals(2, json.get("scored").get("chunks").asInt());
        assertTrue(json.get("physics").has("spatial_iou") && json.get("baselines").has("copy_last"));
        try (Stream<Path> files = Files.list(saved.resolve("scene-0000"))) {
            assertEquals(48, files.count(), "the prefix chunk and the generated chunk, 24 frames each");
        }
    }

    @Test
    void eitherClipsOrAModel() {
        assertOneLine(Console.run("eval", "--truth", truth.toString()), "either --generated");
        assertOneLine(Console.run("eval", "--generated", truth.toString()), "--generated needs --truth");
        assertOneLine(Console.run("eval", "--model", dir.resolve("no-such-model").toString(), "--scenes", "1"), "no-such-model");
    }

    private static void assertOneLine(Console c, String mentioned) {
        assertEquals(2, c.exit(), c.err());
        assertTrue(c.err().startsWith("magi: ") && c.err().contains(mentioned) && c.err().trim().lines().count() == 1, c.err());
        assertEquals("", c.out(), "nothing printed on a failure");
    }

    private static Path copyOfTruth(String name) throws IOException {
        Path target = dir.resolve(name);
        try (Stream<Path> walk = Files.walk(truth)) {
            for (Path p : walk.toList()) {
                Files.copy(p, target.resolve(truth.relativize(p).toString()));
            }
        }
        return target;
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
