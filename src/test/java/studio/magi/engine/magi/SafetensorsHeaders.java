package studio.magi.engine.magi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Writes a safetensors header as the reference's writer does: non-ASCII escaped, as Python's json.dumps writes it. */
final class SafetensorsHeaders {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private SafetensorsHeaders() {
    }

    static byte[] write(Map<String, TensorEntry> entries) {
        ObjectNode root = JSON.createObjectNode();
        entries.forEach((name, e) -> {
            ObjectNode t = root.putObject(name);
            t.put("dtype", e.type().name());
            ArrayNode shape = t.putArray("shape");
            for (long d : e.shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(e.begin()).add(e.end());
        });
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
