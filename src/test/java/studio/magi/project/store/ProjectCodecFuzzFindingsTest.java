package studio.magi.project.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.Films;

/**
 * What the fuzz properties ({@link ProjectCodecPropertyTest}, {@code ./magi fuzz}) found in the project codec and
 * {@link ProjectFolder#open}, each input as jqwik shrank it: now a {@link ProjectFileException} of one printable line.
 */
class ProjectCodecFuzzFindingsTest {
    private static final Path FILE = Path.of("/films/project.json");

    private static String refusal(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return assertThrows(ProjectFileException.class, () -> new ProjectCodec().read(FILE, bytes)).getMessage();
    }

    /** Was "could not be read: Trailing token ... FAIL_ON_TRAILING_TOKENS", Jackson's source location on a second line. */
    @Test
    void moreAfterAWholeValueIsDamagedJsonInOneLine() {
        assertEquals("/films/project.json is damaged: it is not valid JSON (line 1, column 3).", refusal("\"\"{"));
    }

    /** Was a NullPointerException from Project's own check, outside Jackson. */
    @Test
    void aProjectWithoutANameIsAnInvalidValue() {
        assertEquals("/films/project.json has an invalid value: a project needs a name.",
                refusal("{\"schemaVersion\":1,\"name\":null,\"shots\":[]}"));
    }

    /** Was read as a film of 0 frames: 2147483647 seconds of start video, times 24, wrapped around an int. */
    @Test
    void aFilmLongerThanTheTimelineCountsIsAnInvalidValue() {
        String shrunk = "{\"schemaVersion\":2,\"name\":\"\\u0000\",\"shots\":[{\"id\":\"00000000-0000-0001-0000-000000000000\","
                + "\"start\":{\"kind\":\"video\",\"media\":\"\\u0000\",\"chunks\":2147483647},\"settings\":{\"steps\":4,"
                + "\"cfgNumber\":1,\"textGuidance\":0.0,\"historyGuidance\":0.0,\"window\":1,\"model\":\"\\u0000\"},"
                + "\"chunks\":[{\"id\":\"00000000-0000-0001-0000-000000000001\",\"prompt\":\"\",\"seed\":0,\"takes\":[],"
                + "\"chosenTake\":-1}]}]}";
        assertEquals("/films/project.json has an invalid value: the film would be 51539607552 frames long; at most"
                + " 2147483647 (about 24,855 hours) are counted.", refusal(shrunk));
    }

    /** Was the NUL of the media path printed into the message of {@link ProjectFolder#open}. */
    @Test
    void aMediaPathWithAControlCharacterIsShownNotPrinted(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(ProjectFolder.PROJECT_FILE), "{\"schemaVersion\":1,\"name\":\"\\u0000\",\"shots\":[{"
                + "\"id\":\"00000000-0000-0001-0000-000000000000\",\"start\":{\"kind\":\"image\",\"media\":\"\\u0000\"},"
                + "\"settings\":{\"steps\":4,\"cfgNumber\":1,\"textGuidance\":0.0,\"historyGuidance\":0.0,\"window\":1,"
                + "\"model\":\"\\u0000\"},\"chunks\":[{\"id\":\"00000000-0000-0001-0000-000000000001\",\"prompt\":\"\","
                + "\"seed\":0,\"takes\":[],\"chosenTake\":-1}]}]}");
        String message = assertThrows(ProjectFileException.class, () -> ProjectFolder.at(dir).open()).getMessage();
        assertEquals(dir.resolve(ProjectFolder.PROJECT_FILE) + " refers to \"\\x00\", which is outside the project folder;"
                + " the project was not opened.", message);
    }

    /** Was Jackson's message quoting the whole string, 1,300 characters (shrunk from a take's seed of 748 x's). */
    @Test
    void aLongStringWhereANumberBelongsIsCutShortInTheMessage() {
        String file = new String(new ProjectCodec().write(Films.twoShots()), StandardCharsets.UTF_8)
                .replace("\"seed\" : 1011", "\"seed\" : \"" + "x".repeat(748) + "\"");
        String message = refusal(file);
        assertTrue(message.startsWith("/films/project.json has an invalid value at shots[0].chunks[0].seed: Cannot"
                + " deserialize value of type `long` from String \"xxx") && message.length() < 300, message);
    }
}
