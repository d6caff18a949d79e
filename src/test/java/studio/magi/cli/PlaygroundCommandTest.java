package studio.magi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.media.ClipReader;

class PlaygroundCommandTest {
    @TempDir
    Path dir;

    @Test
    void renderWritesAClipAndASpecWithCaptionsPerScene() throws IOException {
        Path out = dir.resolve("truth");
        Console c = Console.run("playground", "render", "--scenes", "3", "--chunks", "2", "--seed", "4", "--split", "train", "--out", out.toString(),
                "--size", "32");
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.err().contains("3/3 scenes"), "a progress bar: " + c.err());
        assertEquals(List.of("scene-0000.json", "scene-0000.mp4", "scene-0001.json", "scene-0001.mp4", "scene-0002.json", "scene-0002.mp4"),
                names(out));
        JsonNode spec = new ObjectMapper().readTree(out.resolve("scene-0001.json").toFile());
        assertEquals(2, spec.get("chunks").asInt());
        assertEquals(2, spec.get("captions").size());
        assertTrue(spec.get("captions").get(0).asText().contains(" on a "), spec.toString());
        assertEquals(48, ClipReader.read(out.resolve("scene-0001.mp4")).size());
        assertEquals(32, ClipReader.read(out.resolve("scene-0001.mp4")).width());
    }

    @Test
    void renderCanWritePngFramesAndTheSameSeedGivesTheSameScenes() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        assertEquals(0, Console.run("playground", "render", "--scenes", "2", "--chunks", "1", "--out", a.toString(), "--format", "png").exit());
        assertEquals(0, Console.run("playground", "render", "--scenes", "2", "--chunks", "1", "--out", b.toString(), "--format", "png").exit());
        assertEquals(24, names(a.resolve("scene-0000")).size());
        assertEquals(Files.readString(a.resolve("scene-0001.json")), Files.readString(b.resolve("scene-0001.json")));
        assertEquals(ClipReader.read(a.resolve("scene-0001")).frames(), ClipReader.read(b.resolve("scene-0001")).frames());
    }

    @Test
    void renderNeverWritesIntoAFolderThatHoldsFiles() throws IOException {
        Path out = Files.createDirectory(dir.resolve("busy"));
        Files.writeString(out.resolve("mine.txt"), "keep");
        Console c = Console.run("playground", "render", "--scenes", "1", "--out", out.toString());
        assertEquals(2, c.exit());
        assertTrue(c.err().startsWith("magi: " + out) && c.err().trim().lines().count() == 1, c.err());
        assertEquals(List.of("mine.txt"), names(out));
    }

    @Test
    void badValuesAreOneLineErrors() {
        Path out = dir.resolve("x");
        assertBadValue(Console.run("playground", "render", "--split", "test", "--out", out.toString()), "--split");
        assertBadValue(Console.run("playground", "render", "--size", "33", "--out", out.toString()), "even");
        assertBadValue(Console.run("playground", "render", "--format", "gif", "--out", out.toString()), "--format");
        assertBadValue(Console.run("playground", "corrupt", "--truth", dir.toString(), "--kind", "blur", "--out", out.toString()), "--kind");
        assertTrue(Files.notExists(out));
    }

    private static void assertBadValue(Console c, String mentioned) {
        assertEquals(2, c.exit(), c.err());
        assertTrue(c.err().startsWith("magi: ") && c.err().contains(mentioned) && c.err().trim().lines().count() == 1, c.err());
    }

    static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
