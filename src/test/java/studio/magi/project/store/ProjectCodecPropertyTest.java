package studio.magi.project.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import studio.magi.fuzz.ByteEdit;
import studio.magi.fuzz.Fuzzing;
import studio.magi.fuzz.JsonEdit;
import studio.magi.fuzz.UntrustedRead;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ValidProjects;

/**
 * project.json is untrusted input: whatever its bytes, the codec (and {@link ProjectFolder#open}, which uses it) returns
 * a project the studio can use and save again, or refuses the file with a {@link ProjectFileException} of one line; it
 * never fails otherwise, hangs, or allocates beyond the file's size. 200 tries each in the test run; {@code ./magi
 * fuzz} runs them for minutes ({@link Fuzzing}).
 */
@AddLifecycleHook(Fuzzing.class)
class ProjectCodecPropertyTest {
    /** Named in the messages only: the codec reads the bytes it is given. */
    private static final Path FILE = Path.of("/fuzz/project.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FOLDER = tempFolder();

    private final ProjectCodec codec = new ProjectCodec();

    @Property
    void anyBytesAreReadOrRefusedInOneLine(@ForAll("bytes") byte[] file) {
        UntrustedRead.readOrRefuse(() -> codec.read(FILE, file), file.length, ProjectFileException.class)
                .ifPresent(this::assertUsableAndSavable);
    }

    /** Through {@link ProjectFolder#open}, as the studio opens a project: the codec, then the media paths' checks. */
    @Property
    void damagedProjectFilesAreOpenedOrRefusedInOneLine(@ForAll("damagedFiles") DamagedFile damaged) throws IOException {
        byte[] file = damaged.bytes();
        Files.write(FOLDER.resolve(ProjectFolder.PROJECT_FILE), file);
        UntrustedRead.readOrRefuse(() -> ProjectFolder.at(FOLDER).open(), file.length, ProjectFileException.class)
                .ifPresent(this::assertUsableAndSavable);
    }

    @Property
    void everyProjectReadsBackAsItWasWritten(@ForAll("projects") Project project) throws ProjectFileException {
        assertEquals(project, codec.read(FILE, codec.write(project)));
    }

    /** What the timeline computes from the project fits its numbers, and a save of it reads back as the same. */
    private void assertUsableAndSavable(Project project) {
        long frames = 0;
        for (Shot s : project.shots()) {
            frames += (long) s.start().chunks() * Chunk.FRAMES + (long) s.chunks().size() * Chunk.FRAMES;
        }
        assertEquals(frames, project.frames(), "the film's length in frames");
        try {
            assertEquals(project, codec.read(FILE, codec.write(project)), "the project saved and read again");
        } catch (ProjectFileException e) {
            throw new AssertionError("a project the codec read cannot be read again after a save: " + e.getMessage(), e);
        }
    }

    @AfterContainer
    static void removeTheFolder() throws IOException {
        Files.deleteIfExists(FOLDER.resolve(ProjectFolder.PROJECT_FILE));
        Files.deleteIfExists(FOLDER);
    }

    private static Path tempFolder() {
        try {
            return Files.createTempDirectory("magi-fuzz-project");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(2048),
                Arbitraries.strings().withChars("{}[]\":,.-+eE0123456789truefalsn \\u").ofMaxLength(200)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<DamagedFile> damagedFiles() {
        return Combinators.combine(ValidProjects.any(), Arbitraries.integers().between(1, ProjectCodec.SCHEMA_VERSION),
                JsonEdit.some(), ByteEdit.some()).as(DamagedFile::new);
    }

    @Provide
    Arbitrary<Project> projects() {
        return ValidProjects.any();
    }

    /** A saved project, written as schema {@code version} wrote it, then edited as JSON and as bytes. */
    record DamagedFile(Project project, int version, List<JsonEdit> jsonEdits, List<ByteEdit> byteEdits) {
        byte[] bytes() {
            byte[] file = JsonEdit.applyAll(jsonEdits, asVersion(new ProjectCodec().write(project), version));
            for (ByteEdit e : byteEdits) {
                file = e.apply(file);
            }
            return file;
        }

        /** Older files lack what later versions added: a start's {@code shot} (3) and its {@code chunks} (2). */
        private static byte[] asVersion(byte[] written, int version) {
            try {
                ObjectNode root = (ObjectNode) JSON.readTree(written);
                root.put("schemaVersion", version);
                for (JsonNode shot : root.path("shots")) {
                    ObjectNode start = (ObjectNode) shot.get("start");
                    if (version < 3) {
                        start.remove("shot");
                    }
                    if (version < 2) {
                        start.remove("chunks");
                    }
                }
                return JSON.writeValueAsBytes(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "DamagedFile[version " + version + ", " + jsonEdits + ", " + byteEdits + "] = "
                    + new String(bytes(), StandardCharsets.UTF_8).replace("\n", "\\n");
        }
    }
}
