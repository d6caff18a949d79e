package studio.magi.project.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.Fifo;
import studio.magi.project.Films;

/** Opening a folder in the studio clears what a killed save left, and nothing else; newer edits are kept to offer. */
class LeftoversTest {
    @TempDir
    Path dir;

    private static String temp(String file) {
        return "." + file + "." + UUID.randomUUID() + ".tmp";
    }

    private Path write(String name, String content, int secondsAgo) throws Exception {
        Path p = Files.writeString(dir.resolve(name), content);
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
        return p;
    }

    private String json(String name) {
        return new String(new ProjectCodec().write(Films.twoShots().withName(name)));
    }

    @Test
    void onlyTheStudiosOwnTemporaryFilesAreRemoved(@TempDir Path outside) throws Exception {
        ProjectFolder.at(dir).save(Films.twoShots());
        ProjectFolder.at(dir).save(Films.twoShots().withName("Saved"));
        List<Path> stale = List.of(write(temp("project.json"), "{\"schemaVer", 0),
                write(temp("project.autosave.json"), "", 0), write(temp("project.json.bak"), json("Older"), 0));
        String uuid = UUID.randomUUID().toString();
        Path secret = Files.writeString(outside.resolve("secret.json"), json("Theirs"));
        List<Path> theirs = List.of(
                write(".project.json.12345.tmp", json("Mine"), 0),
                write(".project.json." + uuid.toUpperCase() + ".tmp", json("Mine"), 0),
                write(".project.json." + uuid + ".tmp.keep", json("Mine"), 0),
                write("project.json." + uuid + ".tmp", json("Mine"), 0),
                write(temp("notes.txt"), "notes", 0),
                Files.createSymbolicLink(dir.resolve(temp("project.json")), secret),
                Files.createSymbolicLink(dir.resolve(temp("project.autosave.json")), outside.resolve("gone")),
                Files.createDirectories(dir.resolve(temp("project.json")).resolve("inside")).getParent());
        Map<String, byte[]> before = ProjectFolderTest.snapshot(dir);

        ProjectFolder.at(dir).recoverLeftovers();

        stale.forEach(p -> assertFalse(Files.exists(p, LinkOption.NOFOLLOW_LINKS), p + " is removed"));
        theirs.forEach(p -> assertTrue(Files.exists(p, LinkOption.NOFOLLOW_LINKS), p + " is left alone"));
        stale.forEach(p -> before.remove(p.getFileName().toString()));
        ProjectFolderTest.assertSameBytes(before, ProjectFolderTest.snapshot(dir));
        assertEquals(json("Theirs"), Files.readString(secret));
        assertTrue(ProjectFolder.at(dir).newerAutosave().isEmpty(), "nothing whole and newer to offer");
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoNamedLikeATemporaryFileIsNeitherReadNorRemoved() throws Exception {
        ProjectFolder.at(dir).save(Films.twoShots());
        Path named = dir.resolve(temp("project.autosave.json"));
        try (Fifo fifo = Fifo.make(named)) {
            ProjectFolder.at(dir).recoverLeftovers();
            assertFalse(fifo.waitedOn(), "the clean-up waited on the FIFO");
            assertTrue(Files.exists(named, LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void aWholeTemporaryProjectNewerThanTheAutosaveIsOfferedAsTheAutosave() throws Exception {
        write("project.json", json("Saved"), 60);
        write("project.autosave.json", json("Autosaved"), 30);
        write(temp("project.autosave.json"), json("Older than the newest"), 10);
        write(temp("project.json"), json("Being saved"), 0);

        ProjectFolder f = ProjectFolder.at(dir);
        f.recoverLeftovers();

        assertTrue(f.newerAutosave().isPresent(), "offered back like an autosave");
        assertEquals("Being saved", f.openAutosave().name());
        assertEquals("Saved", f.open().name(), "project.json stays as saved until the user decides");
        assertEquals(List.of("project.autosave.json", "project.json"), entries());
    }

    @Test
    void aTemporaryProjectOlderThanTheAutosaveOrAlreadySavedIsRemovedNotOffered() throws Exception {
        write("project.json", json("Saved"), 60);
        write("project.autosave.json", json("Autosaved"), 10);
        write(temp("project.autosave.json"), json("Before the autosave"), 30);
        ProjectFolder f = ProjectFolder.at(dir);
        f.recoverLeftovers();
        assertEquals("Autosaved", f.openAutosave().name());
        assertEquals(List.of("project.autosave.json", "project.json"), entries());

        f.discardAutosave();
        write(temp("project.json"), json("Saved"), 0);
        f.recoverLeftovers();
        assertTrue(f.newerAutosave().isEmpty(), "the same project as project.json is nothing to recover");
        assertEquals(List.of("project.json"), entries());
    }

    private List<String> entries() throws Exception {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
