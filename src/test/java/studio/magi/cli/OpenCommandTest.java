package studio.magi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.Project;
import studio.magi.project.store.ProjectFolder;

class OpenCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Path> opened = new ArrayList<>();
    private final List<String> devices = new ArrayList<>();

    private int magi(String... args) {
        return MagiCommand.run(new StudioLauncher() {
            @Override
            public void open(Path project, String on) {
                opened.add(project);
                devices.add(on);
            }

            @Override
            public java.util.Map<String, Object> benchmark(int chunks, Path checkpoint) {
                throw new UnsupportedOperationException();
            }
        }, new PrintWriter(out, true, StandardCharsets.UTF_8), new PrintWriter(err, true, StandardCharsets.UTF_8), args);
    }

    @Test
    void opensTheStudioOnAProjectFolder() throws Exception {
        Path film = tmp.resolve("film");
        ProjectFolder.at(film).save(Project.untitled());
        assertEquals(0, magi("open", film.toString()));
        assertEquals(List.of(film.toAbsolutePath()), opened);
    }

    @Test
    void opensANewProjectOnTheDevicesAskedAndRefusesAnUnknownDevice() {
        assertEquals(0, magi("open", "--device", "gpu:0,gpu:1"));
        assertEquals(java.util.Collections.singletonList(null), opened);
        assertEquals(List.of("gpu:0,gpu:1"), devices);
        assertEquals(2, magi("open", "--device", "tpu"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--device"), err.toString(StandardCharsets.UTF_8));
        assertEquals(1, opened.size());
    }

    @Test
    void aClusterToRenderOnMustBeSetUpAndIsNotNamedBesideDevices() {
        assertEquals(2, magi("open", "--farm", "gpu", "--device", "cpu"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("give one of them"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, magi("open", "--farm", "no-such-cluster"));
        assertTrue(err.toString(StandardCharsets.UTF_8).matches("(?s).*magi: no cluster.* set up.*|.*no cluster 'no-such-cluster'.*"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), opened);
    }

    @Test
    void aFolderThatIsNoProjectIsOneLineAndExitCode2() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("holiday photos"));
        assertEquals(2, magi("open", folder.toString()));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("magi: ") && message.contains("not a MAGI Studio project folder"), message);
        assertEquals(1, message.strip().lines().count(), message);
        assertEquals(List.of(), opened);
    }

    @Test
    void theHelpListsOpenAndABadFlagIsExitCode2() {
        assertEquals(0, magi("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("open"), out.toString(StandardCharsets.UTF_8));
        assertEquals(2, magi("open", "--frobnicate"));
        assertEquals(1, err.toString(StandardCharsets.UTF_8).strip().lines().count());
    }
}
