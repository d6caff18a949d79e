package studio.magi.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The digests of the shots' pictures and videos, remembered by path, size and modification time: every edit recomputes
 * the content keys, and reading a video again each time would make typing a prompt slow. Not thread-safe: the
 * service's coordinator alone uses it.
 */
final class MediaDigests {
    private final Map<String, String> digests = new HashMap<>();

    String of(Path file) throws IOException {
        String stamp = file + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        String d = digests.get(stamp);
        if (d == null) {
            d = ShotMedia.digest(file);
            digests.put(stamp, d);
        }
        return d;
    }
}
