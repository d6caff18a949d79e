package studio.magi.render.farm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import studio.magi.media.Staging;
import studio.magi.render.ChunkRun;

/**
 * What one farm job renders, as {@code magi render-job SPEC.json} reads it on its node: the run, the project folder
 * whose {@code renders/} the chunks go into, and the model folder with the digest the run's content keys were made
 * with (so that a node with other weights refuses rather than filing other frames under those keys). Every path is
 * as the nodes see it: the project and the model are on storage they share with the studio.
 */
public record JobSpec(Path project, Path model, String modelDigest, String device, ChunkRun run) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES).build();

    /** Writes the spec whole or not at all: a node never reads half of one. */
    public void write(Path file) throws IOException {
        Path tmp = Staging.newFile(file, ".json");
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Staging.remove(tmp);
        }
    }

    public static JobSpec read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), JobSpec.class);
        } catch (IOException e) {
            throw new IOException(file + " is not a render job's spec: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
