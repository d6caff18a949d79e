package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.magi.render.ExportFilms.names;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.Project;
import studio.magi.project.Shot;

/**
 * An export as the studio and the command line ask for it: checked first, written by its format's writer under a
 * hidden name and renamed, with progress per piece and cancel between pieces; nothing left at the target otherwise.
 */
class FilmExportTest {
    @TempDir
    static Path projectDir;
    static RenderedFilm film;

    @TempDir
    Path out;

    @BeforeAll
    static void render() throws Exception {
        film = ExportFilms.threeChunks(projectDir);
    }

    @Test
    void everyFormatIsWrittenUnderItsNameWithProgressThatReachesItsTotalOnlyThen() throws Exception {
        for (FilmExport.Format format : FilmExport.Format.values()) {
            Path target = out.resolve("new").resolve("film." + format.word());
            List<String> progress = new ArrayList<>();
            assertEquals(FilmExport.Outcome.WRITTEN, FilmExport.export(film, format, target,
                    (done, total) -> progress.add(done + "/" + total), () -> false));
            assertEquals(List.of("0/3", "1/3", "2/3", "3/3"), progress, format.word());
        }
        assertEquals(List.of("film.mp4", "film.otio", "film.png"), names(out.resolve("new")),
                "nothing else is left beside them");
    }

    @Test
    void aShotsVideoStartIsAPieceOfTheFilmBeforeItsChunksAndOfTheProgress(@TempDir Path videoDir) throws Exception {
        Project p = ExportFilms.continuingAVideo(videoDir);
        RenderedFilm continued = RenderedFilm.of(p, videoDir, SyntheticRenders.MODEL);
        assertEquals(List.of(), continued.missing(), "the continuation is rendered");
        assertEquals(new RenderedFilm.Start(0, "media/clip.mp4", videoDir.resolve("media").resolve("clip.mp4"), 2),
                continued.pieces().get(0));
        assertInstanceOf(RenderedFilm.Entry.class, continued.pieces().get(1));
        assertEquals(72, continued.frames());
        assertEquals(p.frames(), continued.frames());

        List<String> progress = new ArrayList<>();
        assertEquals(FilmExport.Outcome.WRITTEN, FilmExport.export(continued, FilmExport.Format.OTIO,
                out.resolve("film.otio"), (done, total) -> progress.add(done + "/" + total), () -> false));
        assertEquals(List.of("0/2", "1/2", "2/2"), progress);
    }

    @Test
    void aFilmWithAStaleChunkIsRefusedNamingItAndNothingIsWritten() throws Exception {
        Shot shot = film.project().shots().get(0);
        Project changed = film.project().withShot(0, shot.withChunk(1, shot.chunks().get(1).withPrompt("it slides right")));
        RenderedFilm stale = RenderedFilm.of(changed, projectDir, SyntheticRenders.MODEL);
        for (FilmExport.Format format : FilmExport.Format.values()) {
            Path target = out.resolve("later").resolve("film." + format.word());
            ExportException refused = assertThrows(ExportException.class,
                    () -> FilmExport.export(stale, format, target, null, null));
            assertTrue(refused.getMessage().contains("shot 1: chunk 2, 3"), refused.getMessage());
        }
        assertEquals(List.of(), names(out), "not even the folder was made");
    }

    @Test
    void aCancelledExportLeavesNothingAtTheTarget() throws Exception {
        for (FilmExport.Format format : FilmExport.Format.values()) {
            Path target = out.resolve("new").resolve("film." + format.word());
            int[] seen = {0};
            FilmExport.Outcome outcome = FilmExport.export(film, format, target, (done, total) -> seen[0] = done,
                    () -> seen[0] >= 2);
            assertEquals(FilmExport.Outcome.CANCELLED, outcome, format.word());
            assertEquals(2, seen[0], "it stopped between chunks");
        }
        assertEquals(List.of(), names(out), "no file, no hidden leftover, not even the folder it made");

        Path kept = out.resolve("kept.mp4");
        Files.writeString(kept, "the previous export");
        assertEquals(FilmExport.Outcome.CANCELLED, FilmExport.export(film, FilmExport.Format.MP4, kept, null, () -> true));
        assertEquals("the previous export", Files.readString(kept), "an existing file is only replaced by a complete one");
        assertEquals(List.of("kept.mp4"), names(out));
    }

    @Test
    void aTargetThatIsRefusedGetsNoFolders() throws Exception {
        Path target = projectDir.resolve("renders").resolve("x").resolve("y");
        assertThrows(ExportException.class, () -> FilmExport.export(film, FilmExport.Format.PNG, target, null, null));
        assertTrue(Files.notExists(projectDir.resolve("renders").resolve("x")));
    }

    @Test
    void aFormatIsNamedByItsWordOrItsFilesExtension() {
        assertEquals(Optional.of(FilmExport.Format.OTIO), FilmExport.Format.named(" OTIO "));
        assertEquals(Optional.empty(), FilmExport.Format.named("mov"));
        assertEquals(Optional.of(FilmExport.Format.MP4), FilmExport.Format.ofFileName(Path.of("a", "Film.MP4")));
        assertEquals(Optional.empty(), FilmExport.Format.ofFileName(Path.of("frames")), "a PNG folder has none");
    }
}
