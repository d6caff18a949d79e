package studio.magi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.Fifo;
import studio.magi.engine.DeviceName;
import studio.magi.engine.DevicePool;
import studio.magi.engine.ModelFactory;
import studio.magi.media.Clip;
import studio.magi.media.Frame;
import studio.magi.media.Mp4Writer;
import studio.magi.media.TestClips;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotSettings;
import studio.magi.project.ShotStart;
import studio.magi.project.store.ProjectFolder;
import studio.magi.render.RenderBoard;
import studio.magi.render.RenderModel;
import studio.magi.render.RenderService;

/** `./magi export` end to end on a project rendered by the built-in model: files on disk, messages, exit codes. */
class ExportCommandTest {
    private static final Path CHECKPOINT = Path.of("ckpt", "nano");

    @TempDir
    static Path project;

    /** A project whose shot continues a video of 60 frames (2 whole seconds) with one chunk. */
    @TempDir
    static Path continued;

    @TempDir
    Path dir;

    @BeforeAll
    static void renderAProject() throws Exception {
        ShotSettings fast = ShotSettings.DEFAULT.withSteps(4).withCfgNumber(1).withWindow(2);
        Project film = new Project("Export", List.of(new Shot(UUID.randomUUID(), ShotStart.NOTHING, fast,
                List.of(Chunk.create("a yellow square sliding right on a gray background", 3), Chunk.create("", 4),
                        Chunk.create("the square turns blue", 5)))));
        ProjectFolder.at(project).save(film);
        Object lock = new Object();
        RenderBoard[] latest = {RenderBoard.EMPTY};
        RenderService.Listener listener = board -> {
            synchronized (lock) {
                latest[0] = board;
                lock.notifyAll();
            }
        };
        try (DevicePool pool = DevicePool.open(List.of(DeviceName.CPU), d -> ModelFactory.installed().load(CHECKPOINT, d));
             RenderService service = new RenderService(pool, RenderModel.of(CHECKPOINT), listener)) {
            service.show(film, project);
            service.renderAll();
            long end = System.currentTimeMillis() + 60_000;
            synchronized (lock) {
                while (!film.shots().get(0).chunks().stream().allMatch(c -> latest[0].status(c.id()).done())) {
                    if (System.currentTimeMillis() > end) {
                        fail("the project did not render; the board says " + latest[0]);
                    }
                    lock.wait(1000);
                }
            }

            Path made = continued.resolve("made").resolve("clip.mp4");
            Files.createDirectories(made.getParent());
            Mp4Writer.write(TestClips.movingSquare(48, 48, 60), made);
            String media = ProjectFolder.at(continued).importMedia(made).name();
            Project withVideo = new Project("Continued", List.of(new Shot(UUID.randomUUID(), ShotStart.video(media, 2),
                    fast, List.of(Chunk.create("the square keeps sliding right", 6)))));
            ProjectFolder.at(continued).save(withVideo);
            service.show(withVideo, continued);
            service.renderAll();
            end = System.currentTimeMillis() + 60_000;
            synchronized (lock) {
                while (!latest[0].status(withVideo.shots().get(0).chunks().get(0).id()).done()) {
                    if (System.currentTimeMillis() > end) {
                        fail("the continuation did not render; the board says " + latest[0]);
                    }
                    lock.wait(1000);
                }
            }
        }
    }

    @Test
    void aShotsVideoStartIsExportedBeforeItsChunk() throws Exception {
        Path mp4 = dir.resolve("continued.mp4");
        Console c = Console.run("export", continued.toString(), "--out", mp4.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.err().contains("2/2 clips"), c.err());
        assertTrue(c.out().contains("1 chunk, 2 seconds of the video a shot continues, 72 frames"), c.out());

        Path frames = dir.resolve("frames");
        assertEquals(0, Console.run("export", continued.toString(), "--format", "png", "--out", frames.toString()).exit());
        assertEquals(72, names(frames).size());
    }

    @Test
    void exportsAnMp4AnOtioAndPngFramesWithAProgressBar() throws Exception {
        Path mp4 = dir.resolve("film.mp4");
        Console c = Console.run("export", project.toString(), "--format", "mp4", "--out", mp4.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(Files.size(mp4) > 0);
        assertTrue(c.err().contains("exporting [") && c.err().contains("3/3 chunks"), c.err());
        assertTrue(c.out().contains("wrote " + mp4) && c.out().contains("72 frames"), c.out());

        Path otio = dir.resolve("film.otio");
        Console timeline = Console.run("export", project.toString(), "--out", otio.toString(), "--model", CHECKPOINT.toString());
        assertEquals(0, timeline.exit(), timeline.err());
        JsonNode clips = new ObjectMapper().readTree(otio.toFile()).path("tracks").path("children").get(0).path("children");
        assertEquals(3, clips.size());
        assertEquals("the square turns blue", clips.get(2).path("metadata").path("magi").path("prompt").asText());

        Path frames = dir.resolve("frames");
        Console pngs = Console.run("export", project.toString(), "--format", "PNG", "-o", frames.toString());
        assertEquals(0, pngs.exit(), pngs.err());
        assertEquals(72, names(frames).size());
        assertEquals(List.of("film.mp4", "film.otio", "frames"), names(dir));
    }

    @Test
    void helpNamesTheFormats() {
        Console c = Console.run("export", "--help");
        assertEquals(0, c.exit());
        assertTrue(c.out().contains("--format") && c.out().contains("otio") && c.out().contains("--out"), c.out());
        assertTrue(Console.run("--help").out().contains("export"));
    }

    @Test
    void badInputGetsOneLineExitTwoAndWritesNothing() throws Exception {
        Path mp4 = dir.resolve("out").resolve("film.mp4");
        assertRefused(Console.run("export", project.toString(), "--format", "mp4", "--out", mp4.toString(), "--frobnicate"),
                "--frobnicate");
        assertRefused(Console.run("export", project.toString(), "--format", "mp4"), "--out");
        assertRefused(Console.run("export", project.toString(), "--format", "mov", "--out", mp4.toString()),
                "--format must be mp4, png or otio");
        assertRefused(Console.run("export", project.toString(), "--out", dir.resolve("film").toString()), "--format");
        assertRefused(Console.run("export", dir.resolve("nowhere").toString(), "--out", mp4.toString()), "nowhere");

        Path damaged = dir.resolve("damaged");
        Files.createDirectories(damaged);
        Files.writeString(damaged.resolve("project.json"), "{\"schemaVersion\": 1, \"shots\": [");
        assertRefused(Console.run("export", damaged.toString(), "--out", mp4.toString()), "project.json");

        Path unrendered = dir.resolve("unrendered");
        ProjectFolder.at(unrendered).save(new Project("Later", List.of(Shot.create(ShotStart.NOTHING,
                Chunk.create("a red circle bouncing on a black background", 1)))));
        assertRefused(Console.run("export", unrendered.toString(), "--out", mp4.toString()), "not rendered");

        Path lost = dir.resolve("lost");
        ProjectFolder.at(lost).save(new Project("Lost", List.of(Shot.create(ShotStart.video("media/gone.mp4", 2),
                Chunk.create("the square keeps sliding right", 1)))));
        assertRefused(Console.run("export", lost.toString(), "--out", mp4.toString()),
                "shot 1's video media/gone.mp4 cannot be read");

        Path frames = dir.resolve("frames");
        Files.createDirectories(frames);
        assertRefused(Console.run("export", project.toString(), "--format", "png", "--out", frames.toString()),
                "already exists");

        assertEquals(List.of("damaged", "frames", "lost", "unrendered"), names(dir), "no export, not even its folder");
        assertEquals(List.of(), names(frames));
    }

    @Test
    void anOutputReachedThroughALinkIsNeverWrittenOverTheProjectsOwnFiles() throws Exception {
        Path copy = copyOfProject();
        Path link = Files.createSymbolicLink(dir.resolve("link"), copy);
        Map<String, String> before = DiskState.of(dir);

        assertRefused(Console.run("export", copy.toString(), "--format", "otio", "--out",
                link.resolve("project.json").toString()), "is part of the project folder");
        assertRefused(Console.run("export", link.toString(), "--format", "otio", "--out",
                copy.resolve("project.json").toString()), "is part of the project folder");
        assertRefused(Console.run("export", link.toString(), "--format", "mp4", "--out",
                copy.resolve("project.json.bak").toString()), "is part of the project folder");
        assertRefused(Console.run("export", copy.toString(), "--format", "png", "--out",
                link.resolve("renders").resolve("frames").toString()), "is part of the project folder");

        assertEquals(before, DiskState.of(dir), "nothing on disk changed");
        ProjectFolder.at(copy).open();
    }

    @Test
    void anExportLeavesHiddenEntriesInRendersThatItDidNotMake() throws Exception {
        Path copy = copyOfProject();
        Files.writeString(copy.resolve("renders").resolve(".notes.part-1"), "the user's notes");
        Path drafts = Files.createDirectories(copy.resolve("renders").resolve(".drafts.part-2"));
        Files.writeString(drafts.resolve("a.txt"), "the user's drafts");
        Path frames = Files.createDirectories(dir.resolve("frames"));
        Map<String, String> before = DiskState.of(copy, frames);

        assertRefused(Console.run("export", copy.toString(), "--format", "png", "--out", frames.toString()),
                "already exists");
        assertEquals(before, DiskState.of(copy, frames), "a refused export changes nothing");

        assertEquals(0, Console.run("export", copy.toString(), "--out", dir.resolve("film.mp4").toString()).exit());
        assertEquals(before, DiskState.of(copy, frames), "an export changes nothing in the project");
        assertEquals(List.of("film.mp4", "frames", "project"), names(dir));
    }

    @Test
    void rendersLinkedOutOfTheProjectAreRefusedAndLeftAlone(@TempDir Path elsewhere) throws Exception {
        Path copy = copyOfProject();
        Path renders = Files.move(copy.resolve("renders"), elsewhere.resolve("renders"));
        Files.createSymbolicLink(copy.resolve("renders"), renders);
        Files.writeString(renders.resolve(".notes.part-1"), "not the studio's");
        Map<String, String> before = DiskState.of(dir, elsewhere);

        assertRefused(Console.run("export", copy.toString(), "--out", dir.resolve("film.mp4").toString()),
                "renders links outside its project folder");

        assertEquals(before, DiskState.of(dir, elsewhere), "nothing on disk changed, here or where the link points");
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMediaFileThatIsAFifoIsRefusedWithoutWaitingOnIt() throws Exception {
        Path fifoProject = dir.resolve("fifo");
        ProjectFolder.at(fifoProject).save(new Project("Fifo", List.of(Shot.create(ShotStart.video("media/clip.mp4", 2),
                Chunk.create("the square keeps sliding right", 1)))));
        try (Fifo fifo = Fifo.make(fifoProject.resolve("media").resolve("clip.mp4"))) {
            Map<String, String> before = DiskState.of(dir);

            Console c = Console.run("export", fifoProject.toString(), "--out", dir.resolve("film.mp4").toString());

            assertFalse(fifo.waitedOn(), "the export waited on the FIFO");
            assertRefused(c, "media/clip.mp4\", which is not a regular file");
            assertEquals(before, DiskState.of(dir));
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRenderedFrameThatIsAFifoIsRefusedWithoutWaitingOnIt() throws Exception {
        Path copy = copyOfProject();
        Path frame;
        try (Stream<Path> walk = Files.walk(copy.resolve("renders"))) {
            frame = walk.filter(p -> p.getFileName().toString().equals("frame-0005.png")).findFirst().orElseThrow();
        }
        Files.delete(frame);
        try (Fifo fifo = Fifo.make(frame)) {
            Map<String, String> before = DiskState.of(dir);

            Console c = Console.run("export", copy.toString(), "--out", dir.resolve("film.mp4").toString());

            assertFalse(fifo.waitedOn(), "the export waited on the FIFO");
            assertRefused(c, "cannot be read; render it again");
            assertEquals(before, DiskState.of(dir));
        }
    }

    @Test
    void aRenderWithAFrameCutShortIsRefusedByEveryFormatTheTimelineIncluded() throws Exception {
        Path copy = copyOfProject();
        Path frame;
        try (Stream<Path> walk = Files.walk(copy.resolve("renders"))) {
            frame = walk.filter(p -> p.getFileName().toString().equals("frame-0005.png")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(frame);
        Files.write(frame, java.util.Arrays.copyOf(bytes, bytes.length - 12));
        Map<String, String> before = DiskState.of(dir);

        for (String out : List.of("film.mp4", "film.otio", "frames")) {
            Console c = Console.run("export", copy.toString(), "--format", out.contains(".") ? out.split("\\.")[1] : "png",
                    "--out", dir.resolve(out).toString());
            // The damage is found when the chunk is read, after the progress of the chunks before it.
            assertEquals(2, c.exit(), c.err());
            List<String> lines = c.err().lines().filter(l -> !l.isBlank() && !l.startsWith("exporting [")).toList();
            assertEquals(1, lines.size(), c.err());
            assertTrue(lines.get(0).startsWith("magi: shot 1, chunk ") && lines.get(0).endsWith("cannot be read; render it again"),
                    c.err());
        }
        assertEquals(before, DiskState.of(dir), "nothing was written, and the project was left as it was");
    }

    /** A copy of the rendered project in this test's folder, for a test that tries to damage it. */
    private Path copyOfProject() throws IOException {
        Path copy = dir.resolve("project");
        try (Stream<Path> walk = Files.walk(project)) {
            for (Path p : walk.toList()) {
                Path to = copy.resolve(project.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return copy;
    }

    private static void assertRefused(Console c, String says) {
        assertEquals(2, c.exit(), c.err());
        assertEquals(1, c.err().lines().filter(l -> !l.isBlank()).count(), c.err());
        assertTrue(c.err().startsWith("magi: ") && c.err().contains(says), c.err());
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
