package studio.magi.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import studio.magi.media.Staging;

/**
 * {@code renders/queue.json}: the shots asked to render that are not finished, so that a project reopened after a
 * crash or a quit goes on rendering them. A damaged file is read as an empty queue: nothing rendered is lost by it.
 */
final class RenderQueueFile {
    static final String NAME = "queue.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RenderQueueFile() {
    }

    static List<UUID> read(Path rendersDir) {
        Path file = rendersDir.resolve(NAME);
        List<UUID> shots = new ArrayList<>();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return shots;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            for (JsonNode n : root.path("shots")) {
                shots.add(UUID.fromString(n.asText()));
            }
        } catch (IOException | IllegalArgumentException e) {
            shots.clear();
        }
        return shots;
    }

    /** Writes the queue into the project's renders, if they are open: empty, or the problem to show when it cannot. */
    static Optional<String> save(RenderStore store, List<UUID> shots) {
        if (store == null) {
            return Optional.empty();
        }
        try {
            write(store.dir(), shots);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("Cannot write the render queue into " + store.dir() + ": " + e.getMessage());
        }
    }

    static void write(Path rendersDir, List<UUID> shots) throws IOException {
        Path file = rendersDir.resolve(NAME);
        if (shots.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Files.createDirectories(rendersDir);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("shots");
        shots.forEach(s -> list.add(s.toString()));
        Path tmp = Staging.newFile(file, "");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Staging.remove(tmp);
        }
    }
}
