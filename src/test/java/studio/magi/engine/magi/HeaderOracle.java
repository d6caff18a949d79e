package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * What a safetensors header says, read apart from {@link SafetensorsFile}: strictly (an object with a key twice says
 * two things) and with every number as written (BigInteger), so that a header the reader opens can be compared with
 * what it made of it.
 */
final class HeaderOracle {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private HeaderOracle() {
    }

    /** {@code entries}, opened from a file with this header and data length, are exactly what the header says. */
    static void assertSays(byte[] header, long dataLength, Map<String, TensorEntry> entries) {
        JsonNode root;
        try {
            root = STRICT.readTree(new String(header, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new AssertionError("opened a header that strict JSON refuses: " + e.getOriginalMessage(), e);
        }
        int tensors = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                continue;
            }
            tensors++;
            TensorEntry e = entries.get(field.getKey());
            assertNotNull(e, "the tensor " + field.getKey());
            JsonNode t = field.getValue();
            assertEquals(t.get("dtype").asText(), e.type().name());
            JsonNode shape = t.get("shape");
            assertEquals(shape.size(), e.shape().length, "dimensions");
            BigInteger elements = BigInteger.ONE;
            for (int i = 0; i < shape.size(); i++) {
                assertEquals(shape.get(i).bigIntegerValue(), BigInteger.valueOf(e.shape()[i]), "dimension " + i);
                elements = elements.multiply(shape.get(i).bigIntegerValue());
            }
            assertEquals(elements, BigInteger.valueOf(e.elements()), "elements");
            BigInteger begin = t.get("data_offsets").get(0).bigIntegerValue();
            BigInteger end = t.get("data_offsets").get(1).bigIntegerValue();
            assertEquals(begin, BigInteger.valueOf(e.begin()), "begin");
            assertEquals(end, BigInteger.valueOf(e.end()), "end");
            assertEquals(elements.multiply(BigInteger.valueOf(e.type().bytes())), end.subtract(begin), "bytes");
            assertTrue(end.compareTo(BigInteger.valueOf(dataLength)) <= 0, "inside the data");
        }
        assertEquals(tensors, entries.size(), "tensors");
    }
}
