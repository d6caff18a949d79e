package studio.magi.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The studio's preferences ({@code preferences.json} in its config folder): where it renders, this machine's devices
 * or "cluster NAME". A damaged file reads as no preferences and is replaced on the next change.
 */
final class Preferences {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    Preferences(Path file) {
        this.file = file;
    }

    /** "cpu", "gpu:0,gpu:1" or "cluster NAME"; null when not set (the first GPU, else the CPU). */
    String devices() {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            String d = root == null ? null : root.path("devices").asText(null);
            return d == null || d.isBlank() ? null : d;
        } catch (IOException e) {
            return null;
        }
    }

    void setDevices(String devices) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (devices != null && !devices.isBlank()) {
            root.put("devices", devices.strip());
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
