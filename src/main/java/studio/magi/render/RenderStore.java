package studio.magi.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import studio.magi.engine.Frames;
import studio.magi.engine.Latent;
import studio.magi.media.Frame;
import studio.magi.media.ImageFile;
import studio.magi.media.Staging;
import studio.magi.project.store.ProjectFileException;
import studio.magi.project.store.ProjectFolder;

/**
 * The project's {@code renders/} folder: one folder per finished chunk, named by its content key, holding
 * {@code chunk.json} (what it was rendered for), {@code frame-0000.png}... and {@code latent.bin} (the clean latent,
 * float32 big-endian). A chunk folder is written beside its final name ({@code .KEY.part-UUID}) and renamed when
 * complete, so a crash leaves either the whole chunk or none of it. A folder that cannot be read counts as not
 * rendered. Opening the store only reads; a {@code renders/} that links out of the project is refused.
 */
public final class RenderStore {
    public static final String META = "chunk.json";
    public static final String LATENT = "latent.bin";
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    /** The name of a chunk folder being written (see {@link #write}): nothing else in renders/ is removed. */
    private static final Pattern PARTIAL =
            Pattern.compile("\\.[0-9a-f]{64}\\.part-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    /** No render takes this long: a partial folder older than this was left by one that died. */
    private static final Duration ABANDONED = Duration.ofDays(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Set<String> keys = new HashSet<>();
    private final Map<UUID, Set<String>> byChunk = new HashMap<>();

    private RenderStore(Path dir) {
        this.dir = dir;
    }

    /** The renders of a project folder, as they are on disk now; nothing there is changed. */
    public static RenderStore open(Path projectDir) throws IOException, ProjectFileException {
        RenderStore store = new RenderStore(ProjectFolder.at(projectDir).rendersDir());
        store.scan();
        return store;
    }

    /**
     * Removes the partial chunk folders that renders which died left behind. Only the store's own names are touched,
     * and only old ones: a young one may be a render in progress in another studio on the same project.
     */
    public void removeLeftovers() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Instant abandoned = Instant.now().minus(ABANDONED);
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
            for (Path p : list) {
                if (PARTIAL.matcher(p.getFileName().toString()).matches()
                        && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(abandoned)) {
                    Staging.remove(p);
                }
            }
        }
    }

    public Path dir() {
        return dir;
    }

    /** The folder of a chunk's frames, whether or not it exists. */
    public Path folder(String key) {
        checkKey(key);
        return dir.resolve(key);
    }

    /** The file of frame {@code i} of a rendered chunk. */
    public static String frameName(int i) {
        return String.format(Locale.ROOT, "frame-%04d.png", i);
    }

    public synchronized boolean has(String key) {
        return keys.contains(key);
    }

    /** Whether some render exists for this chunk (under any key): a chunk that has one but not for its key is stale. */
    public synchronized boolean hasAnyFor(UUID chunk) {
        return byChunk.containsKey(chunk);
    }

    /** The chunk under this key, or empty when it is not here or its files are damaged. */
    public Optional<StoredChunk> read(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        Path folder = folder(key);
        try {
            JsonNode meta = meta(key);
            int count = meta.path("frames").asInt();
            int width = meta.path("width").asInt();
            int height = meta.path("height").asInt();
            List<byte[]> pictures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                // Decoded whole or refused (ImageFile): a frame cut short makes the render damaged, not grey.
                Frame frame = ImageFile.read(regular(folder.resolve(frameName(i))));
                if (frame.width() != width || frame.height() != height) {
                    throw new IOException(frameName(i) + " is not a " + width + "x" + height + " picture");
                }
                pictures.add(frame.bytes());
            }
            return Optional.of(new StoredChunk(key, UUID.fromString(meta.path("chunk").asText()),
                    UUID.fromString(meta.path("shot").asText()), meta.path("index").asInt(), meta.path("prompt").asText(),
                    meta.path("seed").asLong(), Frames.of(width, height, pictures),
                    readLatent(regular(folder.resolve(LATENT)))));
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                keys.remove(key);
            }
            return Optional.empty();
        }
    }

    /** A chunk's {@code chunk.json}: what it was rendered for. */
    public JsonNode meta(String key) throws IOException {
        return JSON.readTree(regular(folder(key).resolve(META)).toFile());
    }

    /**
     * {@code file}, refused unless it is a regular file of its own: a link may lead out of the project, and a FIFO or
     * a device would keep its reader waiting.
     */
    static Path regular(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file");
        }
        return file;
    }

    /** Keeps a finished chunk under its key (a chunk already there is left as it is). */
    public void write(StoredChunk chunk) throws IOException {
        Path target = folder(chunk.key());
        if (Files.isDirectory(target)) {
            remember(chunk.key(), chunk.chunk());
            return;
        }
        Files.createDirectories(dir);
        // Created before the try: a failure removes only a folder this write made.
        Path partial = Files.createDirectory(dir.resolve("." + chunk.key() + ".part-" + UUID.randomUUID()));
        try {
            Frames f = chunk.frames();
            for (int i = 0; i < f.count(); i++) {
                if (!ImageIO.write(image(f, i), "png", partial.resolve(frameName(i)).toFile())) {
                    throw new IOException("no PNG writer available");
                }
            }
            writeLatent(partial.resolve(LATENT), chunk.latent());
            ObjectNode meta = JSON.createObjectNode();
            meta.put("key", chunk.key());
            meta.put("chunk", chunk.chunk().toString());
            meta.put("shot", chunk.shot().toString());
            meta.put("index", chunk.index());
            meta.put("prompt", chunk.prompt());
            meta.put("seed", chunk.seed());
            meta.put("frames", f.count());
            meta.put("width", f.width());
            meta.put("height", f.height());
            meta.put("fps", 24);
            Files.write(partial.resolve(META), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Staging.remove(partial);
            if (!Files.isDirectory(target)) {
                throw new IOException("cannot keep the rendered chunk in " + dir + ": " + e.getMessage(), e);
            }
        }
        remember(chunk.key(), chunk.chunk());
    }

    /**
     * Learns of a chunk that another process (a cluster node) wrote under its key since the store was opened; false
     * when no readable chunk is there.
     */
    public boolean pickUp(String key) {
        if (has(key)) {
            return true;
        }
        try {
            remember(key, UUID.fromString(meta(key).path("chunk").asText()));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private synchronized void remember(String key, UUID chunk) {
        keys.add(key);
        byChunk.computeIfAbsent(chunk, c -> new HashSet<>()).add(key);
    }

    private void scan() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> list = Files.newDirectoryStream(dir)) {
            for (Path p : list) {
                String name = p.getFileName().toString();
                if (!KEY.matcher(name).matches() || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    JsonNode meta = meta(name);
                    remember(name, UUID.fromString(meta.path("chunk").asText()));
                } catch (IOException | IllegalArgumentException e) {
                    // chunk.json missing, damaged or not a regular file: the chunk counts as not rendered.
                }
            }
        }
    }

    private static void checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a render key: " + key);
        }
    }

    private static BufferedImage image(Frames f, int i) {
        byte[] rgb = f.frame(i);
        BufferedImage image = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        int[] px = new int[f.width() * f.height()];
        for (int p = 0; p < px.length; p++) {
            px[p] = (rgb[3 * p] & 0xff) << 16 | (rgb[3 * p + 1] & 0xff) << 8 | rgb[3 * p + 2] & 0xff;
        }
        image.setRGB(0, 0, f.width(), f.height(), px, 0, f.width());
        return image;
    }

    private static void writeLatent(Path file, Latent latent) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            long[] shape = latent.shape();
            out.writeInt(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
            for (float v : latent.values()) {
                out.writeFloat(v);
            }
        }
    }

    private static Latent readLatent(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int rank = in.readInt();
            if (rank < 1 || rank > 8) {
                throw new IOException(file + ": not a latent");
            }
            long[] shape = new long[rank];
            long n = 1;
            for (int i = 0; i < rank; i++) {
                shape[i] = in.readLong();
                n *= shape[i];
            }
            if (n <= 0 || n * 4 != Files.size(file) - 4 - 8L * rank) {
                throw new IOException(file + ": its size does not match its shape");
            }
            float[] values = new float[(int) n];
            for (int i = 0; i < n; i++) {
                values[i] = in.readFloat();
            }
            return new Latent(shape, values);
        }
    }
}
