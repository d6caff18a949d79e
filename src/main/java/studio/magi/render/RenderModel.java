package studio.magi.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;
import studio.magi.engine.ModelFactory;

/**
 * What a render's content key knows of the model: a digest of its checkpoint files (other weights, other frames) and
 * how many chunks-remaining counts its prompts tell apart.
 */
public record RenderModel(String digest, int durationTokens) {
    public RenderModel {
        if (digest == null || digest.isBlank()) {
            throw new IllegalArgumentException("a model needs its digest");
        }
        if (durationTokens < 1) {
            throw new IllegalArgumentException("durationTokens must be at least 1, got " + durationTokens);
        }
    }

    /** The model of a checkpoint folder, read without loading its weights. */
    public static RenderModel of(Path checkpoint) throws IOException {
        int durations = ModelFactory.installed().durationTokens(checkpoint);
        return new RenderModel(digestOf(checkpoint), durations);
    }

    /** The SHA-256 of the checkpoint folder's files (their names and bytes), parity fixtures and notes left out. */
    public static String digestOf(Path checkpoint) throws IOException {
        MessageDigest sha = Keys.sha256();
        List<Path> files;
        try (Stream<Path> list = Files.list(checkpoint)) {
            files = list.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".md"))
                    .sorted().toList();
        }
        byte[] buffer = new byte[1 << 16];
        for (Path f : files) {
            sha.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (InputStream in = Files.newInputStream(f)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    sha.update(buffer, 0, n);
                }
            }
        }
        return Keys.hex(sha.digest());
    }
}
