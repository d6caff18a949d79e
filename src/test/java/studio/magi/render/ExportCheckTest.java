package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.project.Project;

/** The refusals an export makes before it writes anything, each naming what and where. */
class ExportCheckTest {
    @TempDir
    Path projectDir;

    @TempDir
    Path out;

    private static void refused(String expected, RenderedFilm film, FilmExport.Format format, Path target) {
        ExportException e = assertThrows(ExportException.class, () -> ExportCheck.check(film, format, target));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aRenderedFilmToANewPlaceIsFine() throws Exception {
        RenderedFilm film = ExportFilms.threeChunks(projectDir);
        for (FilmExport.Format format : FilmExport.Format.values()) {
            assertDoesNotThrow(() -> ExportCheck.check(film, format, out.resolve("a").resolve("film." + format.word())));
        }
    }

    @Test
    void targetsThatAreFoldersPartOfTheProjectOrUnderAFileAreRefused() throws Exception {
        RenderedFilm film = ExportFilms.threeChunks(projectDir);
        refused("is a folder", film, FilmExport.Format.MP4, out);
        refused("already exists; the PNG frames go into a new folder", film, FilmExport.Format.PNG, out);
        refused("part of the project", film, FilmExport.Format.OTIO, projectDir.resolve("project.json"));
        refused("part of the project", film, FilmExport.Format.PNG, projectDir.resolve("renders").resolve("x"));
        Path file = Files.writeString(out.resolve("file"), "");
        refused("is not a folder", film, FilmExport.Format.MP4, file.resolve("film.mp4"));
    }

    @Test
    void aFilmWithNothingToExportOrADamagedRenderIsRefused() throws Exception {
        RenderedFilm film = ExportFilms.threeChunks(projectDir);
        refused("no chunks", new RenderedFilm(film.project(), film.store(), List.of()), FilmExport.Format.MP4,
                out.resolve("film.mp4"));

        Path second = film.store().folder(film.chunks().get(1).key());
        Files.delete(second.resolve(RenderStore.frameName(23)));
        refused("shot 1, chunk 2: its render in " + second + " cannot be read; render it again", film,
                FilmExport.Format.OTIO, out.resolve("film.otio"));
    }

    @Test
    void aShotWhoseVideoIsGoneIsRefusedNamingIt() throws Exception {
        Project p = ExportFilms.continuingAVideo(projectDir);
        RenderedFilm before = RenderedFilm.of(p, projectDir, SyntheticRenders.MODEL);
        Files.delete(projectDir.resolve("media").resolve("clip.mp4"));
        RenderedFilm after = RenderedFilm.of(p, projectDir, SyntheticRenders.MODEL);
        for (RenderedFilm film : List.of(before, after)) {
            refused("shot 1's video media/clip.mp4 cannot be read (it is not in the project folder)", film,
                    FilmExport.Format.MP4, out.resolve("film.mp4"));
        }
        try (Stream<Path> left = Files.list(out)) {
            assertTrue(left.findAny().isEmpty());
        }
    }
}
