package studio.magi.project.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import studio.magi.project.Films;
import studio.magi.project.Project;

/**
 * A save killed at each step of its renames: project.json is always a whole project, and project.json.bak is the save
 * before it or absent, never a copy of project.json with the save before gone. The next open keeps the edits of the
 * killed save for the user to take back, and leaves no temporary file.
 */
class SaveCrashTest {
    /** Stands for SIGKILL: an Error, so that the clean-up for failures the program lives through does not run. */
    static final class Killed extends Error {
    }

    private static final List<String> SAVES = List.of("First", "Second", "Third");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "killed after {0}")
    @EnumSource(AtomicFile.Step.class)
    void aKillBetweenTheRenamesLeavesTheBackupTheSaveBeforeOrNone(AtomicFile.Step killedAt) throws Exception {
        killThirdSave(UnaryOperator.identity(), killedAt);
        assertProjectAndBackupAreSuccessiveSaves();

        ProjectFolder.at(dir).recoverLeftovers();
        assertProjectAndBackupAreSuccessiveSaves();
        assertEquals(List.of(), temporaryFiles(), "the next open leaves nothing behind");
        String saved = ProjectFolder.at(dir).open().name();
        Optional<Project> offered = offeredBack();
        if (saved.equals("Second")) {
            assertEquals("Third", offered.orElseThrow().name(), "the killed save's edits are offered back");
        } else {
            assertTrue(offered.isEmpty(), "the save was done: nothing to offer");
            assertEquals("Second", name(dir.resolve(ProjectFolder.BACKUP_FILE)), "the backup is the save before");
        }
    }

    /**
     * An autosave of edits after the second save, then the third save killed: what the next open offers back is never
     * older than project.json, even where the clock stamps the autosave and project.json alike (a coarse clock).
     */
    @ParameterizedTest(name = "killed after {0}")
    @EnumSource(AtomicFile.Step.class)
    void aKilledSaveNeverLeavesAnOlderAutosaveOfferedOverItself(AtomicFile.Step killedAt) throws Exception {
        ProjectFolder.at(dir).save(Films.twoShots().withName("First"));
        ProjectFolder.at(dir).save(Films.twoShots().withName("Second"));
        ProjectFolder.at(dir).autosave(Films.twoShots().withName("Autosaved"));
        ProjectFolder killed = ProjectFolder.at(dir, new AtomicFile(UnaryOperator.identity(), step -> {
            if (step == killedAt) {
                throw new Killed();
            }
        }));
        assertThrows(Killed.class, () -> killed.save(Films.twoShots().withName("Third")));

        ProjectFolder.at(dir).recoverLeftovers();
        Path autosave = dir.resolve(ProjectFolder.AUTOSAVE_FILE);
        if (Files.exists(autosave)) {
            Files.setLastModifiedTime(autosave, Files.getLastModifiedTime(dir.resolve(ProjectFolder.PROJECT_FILE)));
        }
        String saved = ProjectFolder.at(dir).open().name();
        Optional<Project> offered = offeredBack();
        if (saved.equals("Third")) {
            assertTrue(offered.isEmpty(), "the save was done: nothing to offer, not " + offered.map(Project::name));
        } else {
            assertEquals("Third", offered.orElseThrow().name(), "the killed save's edits, the newest, are offered back");
        }
    }

    @Test
    void aKillInTheMiddleOfWritingLeavesAPartFileThatTheNextOpenRemoves() throws Exception {
        killThirdSave(DiesMidway::new, null);
        assertEquals(1, temporaryFiles().size());
        assertEquals("Second", ProjectFolder.at(dir).open().name());

        ProjectFolder.at(dir).recoverLeftovers();
        assertEquals(List.of(), temporaryFiles());
        assertTrue(offeredBack().isEmpty(), "half a project is not offered");
        assertEquals("First", name(dir.resolve(ProjectFolder.BACKUP_FILE)));
    }

    @Test
    void aSaveThatFailsWithoutAKillTidiesUpAfterItself() throws Exception {
        ProjectFolder.at(dir).save(Films.twoShots().withName("First"));
        ProjectFolder.at(dir).save(Films.twoShots().withName("Second"));
        ProjectFolder failing = ProjectFolder.at(dir, new AtomicFile(UnaryOperator.identity(), step -> {
            if (step == AtomicFile.Step.BACKUP_REMOVED) {
                throw new IllegalStateException("the disk went away");
            }
        }));
        assertThrows(IllegalStateException.class, () -> failing.save(Films.twoShots().withName("Third")));
        assertEquals(List.of(), temporaryFiles());
        assertEquals("Second", ProjectFolder.at(dir).open().name());
    }

    private void killThirdSave(UnaryOperator<OutputStream> streams, AtomicFile.Step killedAt) throws Exception {
        ProjectFolder.at(dir).save(Films.twoShots().withName("First"));
        ProjectFolder.at(dir).save(Films.twoShots().withName("Second"));
        ProjectFolder killed = ProjectFolder.at(dir, new AtomicFile(streams, step -> {
            if (step == killedAt) {
                throw new Killed();
            }
        }));
        assertThrows(Killed.class, () -> killed.save(Films.twoShots().withName("Third")));
    }

    private void assertProjectAndBackupAreSuccessiveSaves() throws Exception {
        int saved = SAVES.indexOf(ProjectFolder.at(dir).open().name());
        Path backup = dir.resolve(ProjectFolder.BACKUP_FILE);
        if (Files.exists(backup)) {
            assertEquals(SAVES.get(saved - 1), name(backup), "project.json.bak is the save before project.json");
        }
    }

    private Optional<Project> offeredBack() throws Exception {
        ProjectFolder f = ProjectFolder.at(dir);
        return f.newerAutosave().isPresent() ? Optional.of(f.openAutosave()) : Optional.empty();
    }

    private static String name(Path file) throws ProjectFileException {
        return new ProjectCodec().read(file).name();
    }

    private List<String> temporaryFiles() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).sorted().toList();
        }
    }

    /** The process dies half way through writing the new project. */
    static final class DiesMidway extends FilterOutputStream {
        DiesMidway(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len / 2);
            out.flush();
            throw new Killed();
        }
    }
}
