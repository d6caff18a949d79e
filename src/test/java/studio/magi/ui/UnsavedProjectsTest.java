package studio.magi.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.Project;
import studio.magi.project.store.ProjectFolder;

/** The never-saved projects' folders: the newest with autosaved edits is found, and only they are ever deleted. */
class UnsavedProjectsTest {
    @TempDir
    Path tmp;

    private ProjectFolder autosaved(UnsavedProjects unsaved, String name, long ageMillis) throws Exception {
        ProjectFolder f = unsaved.newFolder();
        f.autosave(Project.untitled().withName(name));
        Files.setLastModifiedTime(f.autosaveFile(), FileTime.fromMillis(System.currentTimeMillis() - ageMillis));
        return f;
    }

    @Test
    void theNewestAutosaveIsFoundLeavingOutTheProjectOpenNow() throws Exception {
        UnsavedProjects unsaved = new UnsavedProjects(tmp.resolve("unsaved"));
        assertEquals(Optional.empty(), unsaved.newestAutosaved(tmp.resolve("none")), "no folder yet");
        autosaved(unsaved, "old", 60_000);
        ProjectFolder newer = autosaved(unsaved, "newer", 10_000);
        ProjectFolder open = autosaved(unsaved, "open now", 0);
        Files.createDirectories(unsaved.newFolder().dir());
        UnsavedProjects.Unsaved found = unsaved.newestAutosaved(open.dir()).orElseThrow();
        assertEquals(newer.dir(), found.folder().dir());
        assertEquals("newer", found.folder().openAutosave().name());
    }

    @Test
    void onlyAnUnsavedProjectsFolderIsDeleted() throws Exception {
        Path root = tmp.resolve("unsaved");
        UnsavedProjects unsaved = new UnsavedProjects(root);
        ProjectFolder f = autosaved(unsaved, "gone", 0);
        Path elsewhere = Files.createDirectories(tmp.resolve("films/mine"));
        Files.writeString(elsewhere.resolve("project.json"), "{}");

        unsaved.delete(elsewhere);
        unsaved.delete(root);
        unsaved.delete(root.resolve("../films/mine"));
        assertTrue(Files.exists(elsewhere.resolve("project.json")), "outside the unsaved folder: left alone");
        assertTrue(Files.isDirectory(root));

        unsaved.delete(f.dir());
        assertTrue(Files.notExists(f.dir()));
    }
}
