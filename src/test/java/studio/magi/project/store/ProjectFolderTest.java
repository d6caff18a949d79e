package studio.magi.project.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import studio.magi.Fifo;
import studio.magi.project.Chunk;
import studio.magi.project.Films;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotSettings;
import studio.magi.project.ShotStart;
import studio.magi.project.Take;

class ProjectFolderTest {
    @TempDir
    Path dir;

    @Test
    void aSavedProjectOpensAsTheSameProject() throws Exception {
        Chunk rendered = new Chunk(Films.id(31), "a blue triangle", 9, List.of(new Take(9, "abc"), new Take(10, "def")), 1);
        Project p = new Project("Bounce", List.of(Films.twoShots().shots().get(0),
                new Shot(Films.id(3), ShotStart.image("media/sunset.png"), ShotSettings.DEFAULT.withSteps(8).withTextGuidance(5.25),
                        List.of(rendered)),
                new Shot(Films.id(4), ShotStart.after(Films.id(3)), ShotSettings.DEFAULT, List.of(Chunk.create("on", 2)))));
        ProjectFolder folder = ProjectFolder.at(dir);
        folder.save(p);
        assertEquals(p, ProjectFolder.at(dir).open());
        assertTrue(Files.isDirectory(dir.resolve("media")));
        assertTrue(Files.isDirectory(dir.resolve("renders")));
        String json = Files.readString(dir.resolve("project.json"));
        assertTrue(json.contains("\"schemaVersion\" : 3"), json);
        assertTrue(json.contains("\"kind\" : \"image\""), json);
        assertTrue(json.contains("\"kind\" : \"shot\""), json);
    }

    @Test
    void aVersion1ProjectOpensWithItsVideoStartsShowingNoneOfTheirVideo() throws Exception {
        Project p = new Project("Old", List.of(new Shot(Films.id(3), ShotStart.video("media/clip.mp4", 2),
                ShotSettings.DEFAULT, List.of(Chunk.create("more", 1)))));
        ProjectFolder.at(dir).save(p);
        String v3 = Files.readString(dir.resolve("project.json"));
        Files.writeString(dir.resolve("project.json"), v3.replace("\"schemaVersion\" : 3", "\"schemaVersion\" : 1")
                .replaceAll(",\\s*\"chunks\" : 2", "").replaceAll(",\\s*\"shot\" : null", ""));
        assertFalse(Files.readString(dir.resolve("project.json")).contains("\"chunks\" : 2"), "a version 1 file");
        Project old = ProjectFolder.at(dir).open();
        assertEquals(ShotStart.video("media/clip.mp4", 0), old.shots().get(0).start());
    }

    @Test
    void savedFilesAreAsReadableAsAnyOtherFileOfTheUser() throws Exception {
        Path ordinary = Files.writeString(dir.resolve("ordinary.txt"), "x");
        ProjectFolder.at(dir).save(Films.twoShots());
        ProjectFolder.at(dir).save(Films.twoShots());
        assertEquals(Files.getPosixFilePermissions(ordinary), Files.getPosixFilePermissions(dir.resolve("project.json")));
        assertEquals(Files.getPosixFilePermissions(ordinary), Files.getPosixFilePermissions(dir.resolve("project.json.bak")));
    }

    @Test
    void savingKeepsThePreviousFileAsABackup() throws Exception {
        ProjectFolder folder = ProjectFolder.at(dir);
        folder.save(Films.twoShots());
        byte[] first = Files.readAllBytes(folder.projectFile());
        folder.save(Films.twoShots().withName("Second"));
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("project.json.bak")));
        assertEquals("Second", folder.open().name());
    }

    @Test
    void aCrashInTheMiddleOfASaveLeavesTheOldFileIntact() throws Exception {
        ProjectFolder.at(dir).save(Films.twoShots());
        ProjectFolder.at(dir).save(Films.twoShots().withName("Saved"));
        Map<String, byte[]> before = snapshot(dir);

        ProjectFolder crashing = ProjectFolder.at(dir, new AtomicFile(DiesAfter::new));
        IOException crash = assertThrows(IOException.class, () -> crashing.save(Films.twoShots().withName("Lost")));
        assertEquals("disk full", crash.getMessage());

        assertEquals(before.keySet(), snapshot(dir).keySet(), "no half-written file is left behind");
        assertSameBytes(before, snapshot(dir));
        assertEquals("Saved", ProjectFolder.at(dir).open().name());
    }

    @Test
    void anAutosaveNewerThanTheProjectIsOfferedBack() throws Exception {
        ProjectFolder folder = ProjectFolder.at(dir);
        folder.save(Films.twoShots());
        assertTrue(folder.newerAutosave().isEmpty());

        Project edited = Films.twoShots().withName("Edited");
        folder.autosave(edited);
        Files.setLastModifiedTime(folder.projectFile(), FileTime.from(Instant.now().minusSeconds(60)));
        assertTrue(folder.newerAutosave().isPresent());
        assertEquals(edited, folder.openAutosave());
        assertEquals(Films.twoShots(), folder.open(), "project.json stays as saved");

        folder.save(edited);
        assertFalse(Files.exists(folder.autosaveFile()), "a save makes the autosave obsolete");
        assertTrue(folder.newerAutosave().isEmpty());
    }

    @Test
    void anAutosaveOlderThanTheProjectIsNotOffered() throws Exception {
        ProjectFolder folder = ProjectFolder.at(dir);
        folder.save(Films.twoShots());
        folder.autosave(Films.twoShots().withName("Old"));
        Files.setLastModifiedTime(folder.autosaveFile(), FileTime.from(Instant.now().minusSeconds(60)));
        assertTrue(folder.newerAutosave().isEmpty());
    }

    @Test
    void anAutosaveStampedInTheSameClockTickAsTheSaveIsOffered() throws Exception {
        ProjectFolder folder = ProjectFolder.at(dir);
        folder.save(Films.twoShots());
        folder.autosave(Films.twoShots().withName("Edited right after"));
        Files.setLastModifiedTime(folder.autosaveFile(), Files.getLastModifiedTime(folder.projectFile()));
        assertTrue(folder.newerAutosave().isPresent());
    }

    static Stream<Arguments> badFiles() {
        String good = new String(new ProjectCodec().write(Films.twoShots()), StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("corrupt", "{\"schemaVersion\": 1, \"name\": \"x\" \"shots\": []}", "not valid JSON"),
                Arguments.of("truncated", good.substring(0, good.length() / 2), "cut off"),
                Arguments.of("empty", "", "empty"),
                Arguments.of("newer schema", good.replace("\"schemaVersion\" : 3", "\"schemaVersion\" : 7"),
                        "newer MAGI Studio (schema version 7"),
                Arguments.of("not a project", "{\"name\": \"my-app\", \"version\": \"1.0.0\"}", "not a MAGI Studio project"),
                Arguments.of("not JSON at all", "\u0089PNG\r\n\u001a\n binary", "not valid JSON"),
                Arguments.of("nested past the parser's limit", "[".repeat(1001) + "]".repeat(1001), "nested deeper"),
                Arguments.of("invalid value", good.replace("\"steps\" : 8", "\"steps\" : 15"), "steps must be one of"),
                Arguments.of("missing field", good.replace("\"seed\" : 1011,", ""), "invalid value"),
                Arguments.of("outside path", good.replace("\"kind\" : \"nothing\"", "\"kind\" : \"image\"")
                        .replace("\"media\" : null", "\"media\" : \"../../etc/passwd\""), "outside the project folder"),
                Arguments.of("absolute path", good.replace("\"kind\" : \"nothing\"", "\"kind\" : \"video\"")
                        .replace("\"media\" : null", "\"media\" : \"/etc/passwd\""), "outside the project folder"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadProjectFileIsRefusedWithAMessageAndNothingOnDiskChanges(String what, String content, String says)
            throws Exception {
        Files.writeString(dir.resolve("project.json"), content, StandardCharsets.ISO_8859_1);
        Files.writeString(dir.resolve("project.json.bak"), "the backup");
        Map<String, byte[]> before = snapshot(dir);

        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFolder.at(dir).open());
        assertTrue(e.getMessage().contains(dir.resolve("project.json").toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());

        assertSameBytes(before, snapshot(dir));
    }

    @Test
    void aFolderWithoutAProjectIsRefused() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFolder.at(dir).open());
        assertTrue(e.getMessage().contains("not a MAGI Studio project folder"), e.getMessage());
        assertEquals(List.of("notes.txt"), new ArrayList<>(snapshot(dir).keySet()));
    }

    @Test
    void importedMediaIsCopiedUnderAUniqueName(@TempDir Path outside) throws Exception {
        ProjectFolder folder = ProjectFolder.at(dir);
        Path png = Files.write(outside.resolve("sunset.png"), pngBytes(1));
        Path other = Files.write(Files.createDirectories(outside.resolve("other")).resolve("sunset.png"), pngBytes(2));

        MediaFile first = folder.importMedia(png);
        assertEquals("media/sunset.png", first.name());
        assertEquals(MediaKind.IMAGE, first.kind());
        assertArrayEquals(pngBytes(1), Files.readAllBytes(dir.resolve("media/sunset.png")));

        assertEquals("media/sunset.png", folder.importMedia(png).name(), "the same bytes again are not copied twice");
        assertEquals("media/sunset-2.png", folder.importMedia(other).name(), "another file of that name");
        assertArrayEquals(pngBytes(2), Files.readAllBytes(dir.resolve("media/sunset-2.png")));
        assertEquals(List.of("media/sunset-2.png", "media/sunset.png"), folder.media().stream().map(MediaFile::name).toList());
        assertEquals(dir.resolve("media/sunset.png"), folder.resolveMedia("media/sunset.png"));
    }

    @Test
    void videosAreRecognisedByTheirBytes(@TempDir Path outside) throws Exception {
        byte[] mp4 = {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
        byte[] mkv = {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, 1, 2, 3, 4};
        assertEquals(MediaKind.VIDEO, ProjectFolder.at(dir).importMedia(Files.write(outside.resolve("clip.mp4"), mp4)).kind());
        assertEquals(MediaKind.VIDEO, ProjectFolder.at(dir).importMedia(Files.write(outside.resolve("clip.webm"), mkv)).kind());
        assertEquals(MediaKind.IMAGE, ProjectFolder.at(dir).importMedia(
                Files.write(outside.resolve("photo.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0})).kind());
    }

    @Test
    void aFileThatIsNeitherImageNorVideoIsNotImported(@TempDir Path outside) throws Exception {
        Path fake = Files.writeString(outside.resolve("notes.png"), "just text");
        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFolder.at(dir).importMedia(fake));
        assertTrue(e.getMessage().contains("notes.png is not a PNG or JPEG image"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("media/notes.png")));
        assertEquals(0, snapshot(dir).size());
    }

    @Test
    void mediaPathsLeadingOutsideTheFolderAreRefused() {
        ProjectFolder folder = ProjectFolder.at(dir);
        for (String bad : List.of("../x.png", "media/../../x.png", "/etc/passwd", ".")) {
            assertThrows(ProjectFileException.class, () -> folder.resolveMedia(bad), bad);
        }
    }

    @Test
    void aLinkLeadingOutsideTheFolderIsRefused(@TempDir Path outside) throws Exception {
        Path secret = Files.writeString(outside.resolve("secret.png"), "x");
        Files.createDirectories(dir.resolve("media"));
        Files.createSymbolicLink(dir.resolve("media/link.png"), secret);
        assertThrows(ProjectFileException.class, () -> ProjectFolder.at(dir).resolveMedia("media/link.png"));
    }

    @Test
    void aProjectFileLinkedFromOutsideTheFolderIsNotRead(@TempDir Path outside) throws Exception {
        ProjectFolder.at(outside).save(Films.twoShots());
        Files.createSymbolicLink(dir.resolve("project.json"), outside.resolve("project.json"));
        Map<String, byte[]> before = snapshot(outside);

        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFolder.at(dir).open());
        assertTrue(e.getMessage().contains(dir.resolve("project.json") + " links to a file outside"), e.getMessage());

        assertSameBytes(before, snapshot(outside));
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("project.json")), entries.toList(), "nothing was written beside the link");
        }
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aProjectFileThatIsAFifoIsRefusedWithoutWaitingOnIt() throws Exception {
        try (Fifo fifo = Fifo.make(dir.resolve("project.json"))) {
            ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFolder.at(dir).open());
            assertFalse(fifo.waitedOn(), "opening the project waited on the FIFO");
            assertTrue(e.getMessage().contains(dir.resolve("project.json") + " is not a regular file"), e.getMessage());
        }
    }

    @Test
    void aMediaFolderLinkedOutOfTheProjectIsRefusedForImports(@TempDir Path outside) throws Exception {
        Path elsewhere = Files.createDirectories(outside.resolve("elsewhere"));
        Files.createSymbolicLink(dir.resolve("media"), elsewhere);
        Path png = Files.write(outside.resolve("sunset.png"), pngBytes(1));

        ProjectFileException e = assertThrows(ProjectFileException.class, () -> ProjectFolder.at(dir).importMedia(png));
        assertTrue(e.getMessage().contains("media links outside its project folder"), e.getMessage());
        assertEquals(0, snapshot(elsewhere).size(), "nothing was copied where the link points");
    }

    @Test
    void missingMediaIsReported() throws Exception {
        Project p = new Project("M", List.of(new Shot(Films.id(3), ShotStart.video("media/gone.mp4", 1),
                ShotSettings.DEFAULT, List.of(Films.chunk(31, "")))));
        assertEquals(List.of("media/gone.mp4"), ProjectFolder.at(dir).missingMedia(p));
    }

    static byte[] pngBytes(int variant) {
        return new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', (byte) variant};
    }

    /** Every file under the folder with its bytes, by relative path. */
    static Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    static void assertSameBytes(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
    }

    /** A disk that fills up after a few bytes: the write dies in the middle. */
    static final class DiesAfter extends FilterOutputStream {
        private int left = 40;

        DiesAfter(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int n = Math.min(len, left);
            out.write(b, off, n);
            left -= n;
            if (n < len) {
                throw new IOException("disk full");
            }
        }
    }
}
