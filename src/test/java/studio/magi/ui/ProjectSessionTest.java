package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.ReadOnlyFolder;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotStart;
import studio.magi.project.edit.SetSeed;
import studio.magi.project.store.ProjectFolder;

/** Saving, autosaving and recovering, as the window's session does them (disk work on the calling thread). */
class ProjectSessionTest {
    @TempDir
    Path tmp;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    private ProjectSession session() {
        return new ProjectSession(new CallingThreadExecutor(), dialogs,
                new StudioFolders(tmp.resolve("config"), tmp.resolve("unsaved")));
    }

    private static void edit(ProjectSession s, int seed) {
        s.execute(new SetSeed(s.project().shots().get(0).chunks().get(0).id(), seed));
    }

    @Test
    void autosaveComesAfter25EditsWithoutWaitingForTheTimer() throws Exception {
        ProjectSession s = session();
        Path folder = tmp.resolve("film");
        dialogs.folders.add(folder);
        s.save();
        Project saved = s.project();
        Path autosave = folder.resolve(ProjectFolder.AUTOSAVE_FILE);
        for (int i = 1; i < ProjectSession.AUTOSAVE_EDITS; i++) {
            edit(s, i);
        }
        assertFalse(Files.exists(autosave), "24 edits wait for the timer");
        edit(s, 100);
        assertTrue(Files.exists(autosave));
        assertEquals(s.project(), ProjectFolder.at(folder).openAutosave());
        assertEquals(saved, ProjectFolder.at(folder).open(), "project.json still holds what was saved");
    }

    @Test
    void theTimerAutosavesOnlyWhenThereIsSomethingNew() throws Exception {
        ProjectSession s = session();
        Path folder = tmp.resolve("film");
        dialogs.folders.add(folder);
        s.save();
        Path autosave = folder.resolve(ProjectFolder.AUTOSAVE_FILE);
        s.autosave();
        assertFalse(Files.exists(autosave), "nothing unsaved");
        edit(s, 7);
        s.autosave();
        assertTrue(Files.exists(autosave));
        assertEquals(7, ProjectFolder.at(folder).openAutosave().shots().get(0).chunks().get(0).seed());
        s.save();
        assertFalse(Files.exists(autosave), "saving makes the autosave obsolete");
    }

    @Test
    void anUntitledProjectAutosavesInTheStudiosFolderAndIsOfferedBackAtTheNextStart() throws Exception {
        ProjectSession crashed = session();
        edit(crashed, 42);
        crashed.autosave();

        ProjectSession next = session();
        dialogs.recoverAutosave = true;
        next.recoverUnsaved();
        assertEquals(List.of("an unsaved project"), dialogs.autosaveOffers);
        assertEquals(crashed.project(), next.project());
        assertTrue(next.edits().dirtyProperty().get());
        assertEquals(null, next.projectDirProperty().get(), "still not saved anywhere");

        Path folder = tmp.resolve("rescued");
        dialogs.folders.add(folder);
        next.save();
        assertEquals(crashed.project().withName("rescued"), ProjectFolder.at(folder).open());
        try (Stream<Path> left = Files.list(tmp.resolve("unsaved"))) {
            assertEquals(0, left.count(), "the unsaved copy is gone once saved");
        }
    }

    @Test
    void declinedUnsavedWorkIsDiscarded() throws Exception {
        ProjectSession crashed = session();
        edit(crashed, 42);
        crashed.autosave();
        ProjectSession next = session();
        dialogs.recoverAutosave = false;
        next.recoverUnsaved();
        assertFalse(next.edits().dirtyProperty().get());
        try (Stream<Path> left = Files.list(tmp.resolve("unsaved"))) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void saveAsIntoAFolderWithOtherFilesCreatesTheProjectInside() throws Exception {
        Path films = Files.createDirectories(tmp.resolve("films"));
        Files.writeString(films.resolve("notes.txt"), "other things");
        ProjectSession s = session();
        dialogs.folders.add(films);
        s.saveAs();
        assertTrue(Files.isRegularFile(films.resolve("Untitled/project.json")));
        assertEquals(films.resolve("Untitled").toAbsolutePath(), s.projectDirProperty().get());
    }

    @Test
    void saveAsNeverOverwritesAnotherProject() throws Exception {
        Path other = tmp.resolve("other");
        Project theirs = new Project("Theirs", List.of(Shot.create(ShotStart.NOTHING, Chunk.create("x", 1))));
        ProjectFolder.at(other).save(theirs);
        byte[] before = Files.readAllBytes(other.resolve("project.json"));
        ProjectSession s = session();
        edit(s, 3);
        dialogs.folders.add(other);
        s.saveAs();
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains("already holds another project"), dialogs.errors.get(0));
        assertArrayEquals(before, Files.readAllBytes(other.resolve("project.json")));
        assertTrue(s.edits().dirtyProperty().get());
    }

    @Test
    void aRecentProjectThatIsGoneIsReportedAndForgotten() throws Exception {
        Path folder = tmp.resolve("film");
        ProjectSession s = session();
        dialogs.folders.add(folder);
        s.save();
        assertEquals(List.of(folder.toAbsolutePath()), s.recentProjects());
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        s.open(folder);
        assertEquals(1, dialogs.errors.size());
        assertEquals(List.of(), s.recentProjects());
    }

    @Test
    void anAutosaveOlderThanTheProjectIsNotOffered() throws Exception {
        Path folder = tmp.resolve("film");
        ProjectFolder f = ProjectFolder.at(folder);
        f.save(Project.untitled());
        f.autosave(Project.untitled().withName("old"));
        Files.setLastModifiedTime(f.autosaveFile(), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        ProjectSession s = session();
        s.open(folder);
        assertEquals(List.of(), dialogs.autosaveOffers);
    }

    @Test
    void aDeclinedAutosaveIsDeletedAndTheProjectOpensAsSaved() throws Exception {
        Path folder = tmp.resolve("film");
        ProjectFolder f = ProjectFolder.at(folder);
        f.save(Project.untitled().withName("Saved"));
        Files.setLastModifiedTime(f.projectFile(), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        f.autosave(Project.untitled().withName("Edited"));
        ProjectSession s = session();
        dialogs.recoverAutosave = false;
        s.open(folder);
        assertEquals(List.of("Saved"), dialogs.autosaveOffers);
        assertEquals("Saved", s.project().name());
        assertFalse(s.edits().dirtyProperty().get());
        assertFalse(Files.exists(f.autosaveFile()), "declined: the autosave is gone");
        assertEquals("Discarded the autosaved edits.", s.statusProperty().get());
    }

    @Test
    void aSaveIntoAReadOnlyFolderSaysSoInTheUsersWordsAndTheFileStaysAsSaved() throws Exception {
        Path folder = tmp.resolve("film");
        ProjectSession s = session();
        dialogs.folders.add(folder);
        s.save();
        assertTrue(s.statusProperty().get().startsWith("Saved "), s.statusProperty().get());
        byte[] saved = Files.readAllBytes(folder.resolve(ProjectFolder.PROJECT_FILE));
        edit(s, 9);
        try (ReadOnlyFolder readOnly = ReadOnlyFolder.make(folder)) {
            s.save();
        }
        assertEquals(List.of("Could not save: The folder " + folder + " is read-only. The project on disk is"
                + " unchanged."), dialogs.errors);
        assertEquals("Could not save. The folder " + folder + " is read-only.", s.statusProperty().get(),
                "the status bar no longer says Saved");
        assertArrayEquals(saved, Files.readAllBytes(folder.resolve(ProjectFolder.PROJECT_FILE)));
        assertTrue(s.edits().dirtyProperty().get());
    }

    @Test
    void aProjectWhoseFolderIsGoneIsNotSavedIntoAFolderMadeAnewAndAFailingAutosaveAsksOnce() throws Exception {
        Path folder = tmp.resolve("film");
        ProjectSession s = session();
        dialogs.folders.add(folder);
        s.save();
        Files.move(folder, tmp.resolve("moved"));
        edit(s, 9);
        s.save();
        String missing = "The folder " + folder + " is missing: it was moved, renamed or deleted, or its disk is not"
                + " there.";
        assertEquals(List.of("Could not save: " + missing + " The project on disk is unchanged."), dialogs.errors);
        assertFalse(Files.exists(folder), "not made anew");

        s.autosave();
        edit(s, 10);
        s.autosave();
        assertEquals(2, dialogs.errors.size(), "one dialog for the autosaves failing, not one every 30 seconds");
        assertTrue(dialogs.errors.get(1).startsWith("Could not autosave: " + missing), dialogs.errors.get(1));
        assertEquals("Could not autosave. " + missing, s.statusProperty().get());
    }

    @Test
    void theEditsOfASaveKilledBeforeItsRenameAreOfferedBackWhenTheFolderIsOpened() throws Exception {
        Path folder = tmp.resolve("film");
        ProjectFolder.at(folder).save(Project.untitled().withName("Saved"));
        Files.setLastModifiedTime(folder.resolve(ProjectFolder.PROJECT_FILE),
                FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Path other = tmp.resolve("other");
        ProjectFolder.at(other).save(Project.untitled().withName("Being saved"));
        Files.copy(other.resolve(ProjectFolder.PROJECT_FILE),
                folder.resolve(".project.json." + UUID.randomUUID() + ".tmp"));

        ProjectSession s = session();
        dialogs.recoverAutosave = true;
        s.open(folder);
        assertEquals(List.of("Saved"), dialogs.autosaveOffers);
        assertEquals("Being saved", s.project().name());
        assertTrue(s.edits().dirtyProperty().get(), "recovered, not saved yet");
        try (Stream<Path> entries = Files.list(folder)) {
            assertEquals(List.of(), entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList());
        }
    }
}
