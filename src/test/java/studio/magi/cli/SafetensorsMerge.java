package studio.magi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes the tensors of several safetensors shards into one file, bytes as they are (a re-sharded checkpoint). */
final class SafetensorsMerge {
    private SafetensorsMerge() {
    }

    static void merge(List<Path> shards, Path out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Path shard : shards) {
            byte[] all = Files.readAllBytes(shard);
            int length = (int) ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            JsonNode tensors = json.readTree(new String(all, 8, length, StandardCharsets.UTF_8));
            for (Iterator<Map.Entry<String, JsonNode>> it = tensors.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> t = it.next();
                if (t.getKey().equals("__metadata__")) {
                    continue;
                }
                int begin = t.getValue().get("data_offsets").get(0).asInt();
                int end = t.getValue().get("data_offsets").get(1).asInt();
                ObjectNode entry = header.putObject(t.getKey());
                entry.set("dtype", t.getValue().get("dtype"));
                entry.set("shape", t.getValue().get("shape"));
                entry.putArray("data_offsets").add(data.size()).add(data.size() + end - begin);
                data.write(all, 8 + length + begin, end - begin);
            }
        }
        byte[] head = json.writeValueAsBytes(header);
        try (OutputStream o = Files.newOutputStream(out)) {
            o.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(head.length).array());
            o.write(head);
            data.writeTo(o);
        }
    }
}
