package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An export's pass over the film: piece after piece in film order, reported, cancelled between pieces. */
class ExportRunTest {
    @TempDir
    Path projectDir;

    @Test
    void piecesGoInFilmOrderEachReportedButTheLast() throws Exception {
        RenderedFilm film = ExportFilms.threeChunks(projectDir);
        List<String> heard = new ArrayList<>();
        ExportRun run = new ExportRun(film, projectDir.resolve("x"), (done, total) -> heard.add(done + "/" + total),
                () -> false);
        List<RenderedFilm.Piece> written = new ArrayList<>();
        assertTrue(run.eachPiece(written::add));
        assertEquals(film.pieces(), written);
        assertEquals(List.of("1/3", "2/3"), heard, "the total comes once the export is under its name");
    }

    @Test
    void aCancelStopsBeforeTheNextPiece() throws Exception {
        RenderedFilm film = ExportFilms.threeChunks(projectDir);
        List<RenderedFilm.Piece> written = new ArrayList<>();
        ExportRun run = new ExportRun(film, projectDir.resolve("x"), FilmExport.Progress.NONE, () -> written.size() == 2);
        assertFalse(run.eachPiece(written::add));
        assertEquals(film.pieces().subList(0, 2), written);
        assertTrue(run.cancelled());
    }
}
