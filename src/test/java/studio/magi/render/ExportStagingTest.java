package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an export is written before it is complete, and the folders it made, removed when it is not written. */
class ExportStagingTest {
    @TempDir
    Path dir;

    @Test
    void theFoldersAnExportMadeAreListedDeepestFirstAndOnlyEmptyOnesAreRemoved() throws Exception {
        Path deep = dir.resolve("a").resolve("b").resolve("c");
        List<Path> made = ExportStaging.makeFolders(deep);
        assertEquals(List.of(deep, deep.getParent(), deep.getParent().getParent()), made);
        assertTrue(Files.isDirectory(deep));
        Files.writeString(dir.resolve("a").resolve("kept.txt"), "the user's");
        ExportStaging.removeEmpty(made);
        assertTrue(Files.notExists(dir.resolve("a").resolve("b")));
        assertTrue(Files.exists(dir.resolve("a").resolve("kept.txt")), "a folder something else was put in stays");
        assertEquals(List.of(), ExportStaging.makeFolders(dir), "an existing folder is not made");
    }

    @Test
    void aStagedFileOrFolderIsNewHiddenAndBesideTheTarget() throws Exception {
        Path out = dir.resolve("film.mp4");
        Path file = ExportStaging.beside(out, ".mp4");
        Path again = ExportStaging.beside(out, ".mp4");
        Path folder = ExportStaging.beside(dir.resolve("frames"), "");
        assertNotEquals(file, again);
        assertEquals(dir, file.getParent());
        assertTrue(file.getFileName().toString().startsWith("."), file.toString());
        assertTrue(Files.isRegularFile(file) && Files.isDirectory(folder));
        assertTrue(Files.notExists(out));
    }
}
