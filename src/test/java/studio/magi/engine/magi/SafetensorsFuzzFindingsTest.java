package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fuzz properties ({@link SafetensorsHeaderPropertyTest}, {@code ./magi fuzz}) found in the safetensors
 * reader, each as jqwik shrank it: now refused with a {@link CheckpointException} of one printable line.
 */
class SafetensorsFuzzFindingsTest {
    @TempDir
    Path dir;

    private Path file(long headerLength, byte[] header, int dataBytes) throws IOException {
        Path p = dir.resolve("model.safetensors");
        Files.write(p, ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(headerLength).put(header).array());
        return p;
    }

    private Path file(String header, int dataBytes) throws IOException {
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        return file(bytes.length, bytes, dataBytes);
    }

    private static String refusal(Path p) {
        String message = assertThrows(CheckpointException.class, () -> SafetensorsFile.open(p).close()).getMessage();
        assertTrue(message.chars().noneMatch(Character::isISOControl), message);
        return message;
    }

    /** Was opened as [0, 8]: asLong keeps the low 64 bits of 2^64. */
    @Test
    void anOffsetPastSixtyFourBitsIsRefusedNotWrapped() throws IOException {
        Path p = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[18446744073709551616,8]}}", 8);
        assertEquals(p + ": tensor 'a' has bad data_offsets [18446744073709551616,8]", refusal(p));
    }

    /** Was opened with the second of the two (shrunk from a reference shard with "__metadata__" twice). */
    @Test
    void aKeyTwiceIsRefused() throws IOException {
        String tensor = "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        Path p = file("{\"a\":" + tensor + ",\"a\":" + tensor + "}", 8);
        assertEquals(p + ": the header is not valid JSON (Duplicate field 'a')", refusal(p));
        p = file("{\"__metadata__\":{},\"a\":" + tensor + ",\"__metadata__\":0}", 8);
        assertEquals(p + ": the header is not valid JSON (Duplicate field '__metadata__')", refusal(p));
    }

    /** Was Jackson's message with the NUL of the header "e\0" in it. */
    @Test
    void aControlCharacterOfTheHeaderIsShownNotPrinted() throws IOException {
        Path p = file(2, new byte[] {'e'}, 1);
        assertTrue(refusal(p).contains("'e\\x00'"), refusal(p));
    }

    /** Was a message of 1,300 characters repeating the shape (shrunk from dit_forward's "caption" with 500 dimensions). */
    @Test
    void aLongShapeIsCutShortInTheMessage() throws IOException {
        Path p = file("{\"caption\":{\"dtype\":\"F32\",\"shape\":[" + "1,".repeat(499) + "1],\"data_offsets\":[0,24576]}}", 24576);
        String message = refusal(p);
        assertTrue(message.startsWith(p + ": tensor 'caption': shape [1,1,1,") && message.length() < 400, message);
    }
}
