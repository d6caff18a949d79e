package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.magi.render.ExportFilms.names;
import static studio.magi.render.ExportFilms.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.Frames;
import studio.magi.media.Frame;
import studio.magi.media.ImageFile;
import studio.magi.project.Chunk;

/** The PNG sequence: a new folder of every frame in film order. */
class PngSequenceExportTest {
    @TempDir
    Path projectDir;

    @TempDir
    Path out;

    @Test
    void everyFrameIsThereInFilmOrderAChunksAsItsRendersFile() throws Exception {
        RenderedFilm film = ExportFilms.threeChunks(projectDir);
        Path frames = out.resolve("frames");
        assertEquals(FilmExport.Outcome.WRITTEN, new PngSequenceExport().write(run(film, frames)));
        List<String> names = names(frames);
        assertEquals(72, names.size());
        assertEquals("frame-000000.png", names.get(0));
        assertEquals("frame-000071.png", names.get(71));
        assertArrayEquals(Files.readAllBytes(film.store().folder(film.chunks().get(1).key()).resolve("frame-0000.png")),
                Files.readAllBytes(frames.resolve("frame-000024.png")), "frame 24 is the second chunk's first");
        assertEquals(List.of("frames"), names(out), "nothing else is left beside it");
    }

    @Test
    void aShotsVideoStartComesBeforeItsChunksAtTheirSize() throws Exception {
        RenderedFilm film = RenderedFilm.of(ExportFilms.continuingAVideo(projectDir), projectDir, SyntheticRenders.MODEL);
        RenderedFilm.Start start = (RenderedFilm.Start) film.pieces().get(0);
        Path frames = out.resolve("frames");
        assertEquals(FilmExport.Outcome.WRITTEN, new PngSequenceExport().write(run(film, frames)));
        assertEquals(72, names(frames).size());
        Frame exportedFirst = ImageFile.read(frames.resolve("frame-000000.png"));
        assertEquals(ExportFilms.SIZE, exportedFirst.width(), "the video at the rendered chunks' size");
        Frames shown = ShotMedia.prefix(start.file(), ExportFilms.SIZE, ExportFilms.SIZE, Chunk.FRAMES);
        assertArrayEquals(shown.frame(0), exportedFirst.bytes(), "frame 0 is the video's frame 12, fitted");
        assertArrayEquals(shown.frame(47), ImageFile.read(frames.resolve("frame-000047.png")).bytes());
        Path chunkFolder = film.store().folder(film.chunks().get(0).key());
        assertArrayEquals(Files.readAllBytes(chunkFolder.resolve("frame-0000.png")),
                Files.readAllBytes(frames.resolve("frame-000048.png")), "frame 48 is the chunk's first");
    }

    @Test
    void aFolderThatAppearsWhileExportingIsLeftAsItIsAndNothingElseIsLeft() throws Exception {
        Path frames = Files.createDirectory(out.resolve("frames"));
        Files.writeString(frames.resolve("notes.txt"), "the user's");
        ExportException e = assertThrows(ExportException.class,
                () -> new PngSequenceExport().write(run(ExportFilms.threeChunks(projectDir), frames)));
        assertTrue(e.getMessage().contains("appeared while exporting"), e.getMessage());
        assertEquals(List.of("notes.txt"), names(frames));
        assertEquals(List.of("frames"), names(out));
    }
}
