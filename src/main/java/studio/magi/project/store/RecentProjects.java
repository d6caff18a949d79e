package studio.magi.project.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project folders opened or saved lately, newest first, kept in a small JSON file in the user's config folder.
 * A damaged list reads as empty: it holds nothing that cannot be found again.
 */
public final class RecentProjects {
    public static final int MAX = 10;

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicFile files = new AtomicFile();

    public RecentProjects(Path file) {
        this.file = file;
    }

    public List<Path> list() {
        List<Path> paths = new ArrayList<>();
        try {
            if (Files.isRegularFile(file)) {
                for (String p : mapper.readValue(file.toFile(), new TypeReference<List<String>>() { })) {
                    paths.add(Path.of(p));
                }
            }
        } catch (IOException | InvalidPathException | NullPointerException e) {
            return List.of();
        }
        return paths.subList(0, Math.min(paths.size(), MAX));
    }

    /** Puts a project folder at the top of the list. */
    public void add(Path folder) throws IOException {
        Path p = folder.toAbsolutePath().normalize();
        List<Path> paths = new ArrayList<>(list());
        paths.remove(p);
        paths.add(0, p);
        store(paths.subList(0, Math.min(paths.size(), MAX)));
    }

    public void remove(Path folder) throws IOException {
        List<Path> paths = new ArrayList<>(list());
        if (paths.remove(folder.toAbsolutePath().normalize())) {
            store(paths);
        }
    }

    public void clear() throws IOException {
        store(List.of());
    }

    private void store(List<Path> paths) throws IOException {
        files.write(file, mapper.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(paths.stream().map(Path::toString).toList()), null);
    }
}
