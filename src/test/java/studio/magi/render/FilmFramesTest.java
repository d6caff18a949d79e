package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.Frames;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;

/** The film's frames piece by piece, at one size: chunks from their renders, a video start from its file. */
class FilmFramesTest {
    @TempDir
    Path projectDir;

    @Test
    void aVideoStartIsItsLastWholeSecondsAtTheChunksSizeThenComeTheChunks() throws Exception {
        Project p = ExportFilms.continuingAVideo(projectDir);
        RenderedFilm film = RenderedFilm.of(p, projectDir, SyntheticRenders.MODEL);
        RenderedFilm.Start start = (RenderedFilm.Start) film.pieces().get(0);
        FilmFrames frames = new FilmFrames(film);

        Frames video = frames.read(start);
        assertEquals(48, video.count());
        assertEquals(ExportFilms.SIZE, video.width());
        Frames fitted = ShotMedia.prefix(start.file(), ExportFilms.SIZE, ExportFilms.SIZE, Chunk.FRAMES);
        assertArrayEquals(fitted.frame(0), video.frame(0), "the video's frame 12, fitted");
        Frames chunk = frames.read(film.pieces().get(1));
        assertEquals(film.store().read(film.chunks().get(0).key()).orElseThrow().frames(), chunk);
        assertEquals(ExportFilms.VIDEO_FRAMES, FilmFrames.videoLength(start));
        assertEquals(24, FilmFrames.count(film, film.chunks().get(0)));
    }

    @Test
    void aVideoShorterThanTheSecondsTheShotShowsIsRefused() throws Exception {
        Project p = ExportFilms.continuingAVideo(projectDir);
        RenderedFilm film = RenderedFilm.of(p, projectDir, SyntheticRenders.MODEL);
        RenderedFilm.Start start = (RenderedFilm.Start) film.pieces().get(0);
        RenderedFilm.Start longer = new RenderedFilm.Start(0, start.media(), start.file(), 3);
        ExportException e = assertThrows(ExportException.class, () -> FilmFrames.videoLength(longer));
        assertEquals("shot 1's video media/clip.mp4 has 2 whole seconds (60 frames), the shot shows 3; the file changed"
                + " since the shot was made", e.getMessage());
        assertThrows(ExportException.class, () -> new FilmFrames(film).read(longer));
    }

    @Test
    void aChunkOfAnotherSizeIsRefusedForAFilmIsExportedAtOneSize() throws Exception {
        RenderedFilm film = ExportFilms.threeChunks(projectDir);
        Shot s = film.project().shots().get(0);
        String other = "9".repeat(64);
        film.store().write(SyntheticRenders.stored(s, 1, other, SyntheticRenders.frames(16, 16, Chunk.FRAMES, 1)));
        RenderedFilm.Entry second = film.chunks().get(1);
        RenderedFilm.Entry resized = new RenderedFilm.Entry(0, 1, second.value(), second.prompt(), second.seed(), other, true);
        FilmFrames frames = new FilmFrames(film);
        frames.read(film.chunks().get(0));
        ExportException e = assertThrows(ExportException.class, () -> frames.read(resized));
        assertTrue(e.getMessage().endsWith("is 16x16, the chunks before it are 32x32: a film is exported at one size"),
                e.getMessage());
    }
}
