package studio.magi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void theTruthScoresFullMarksInJsonWithEveryKey() throws IOException {
        Console c = Console.run("eval", "--truth", truth.toString(), "--generated", truth.toString(), "--json");
        assertEquals(0, c.exit(), c.err());
        JsonNode json = new ObjectMapper().readTree(c.out());
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
        for (String b : List.of("truth", "copy_last", "constant_velocity")) {
            JsonNode base = json.get("baselines").get(b);
            assertTrue(base.has("adherence") && base.get("physics").has("weighted_spatial_iou"), b);
        }
        assertTrue(json.get("baselines").get("copy_last").get("physics").get("mse").asDouble() > 0);
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
