package studio.magi.project.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** What a file a user brings in is, judged by its first bytes rather than its name. */
public enum MediaKind {
    /** PNG or JPEG. */
    IMAGE,
    /** MP4, MOV, WebM or MKV. */
    VIDEO;

    public static final String SUPPORTED = "a PNG or JPEG image, or an MP4, MOV, WebM or MKV video";
    private static final Set<String> QUICKTIME_BOXES = Set.of("ftyp", "moov", "mdat", "wide", "free", "skip");

    public static Optional<MediaKind> of(Path file) throws IOException {
        byte[] head = new byte[12];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 8 && Arrays.equals(Arrays.copyOf(head, 8),
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})) {
            return Optional.of(IMAGE);
        }
        if (n >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return Optional.of(IMAGE);
        }
        if (n >= 4 && (head[0] & 0xff) == 0x1a && (head[1] & 0xff) == 0x45 && (head[2] & 0xff) == 0xdf
                && (head[3] & 0xff) == 0xa3) {
            return Optional.of(VIDEO);
        }
        if (n >= 8 && QUICKTIME_BOXES.contains(new String(head, 4, 4, StandardCharsets.ISO_8859_1))) {
            return Optional.of(VIDEO);
        }
        return Optional.empty();
    }
}
