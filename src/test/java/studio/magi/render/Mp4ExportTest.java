package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static studio.magi.render.ExportFilms.names;
import static studio.magi.render.ExportFilms.probe;
import static studio.magi.render.ExportFilms.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MP4 as a user would check it with ffprobe. */
class Mp4ExportTest {
    @TempDir
    Path projectDir;

    @TempDir
    Path out;

    @Test
    void anMp4IsH264Yuv420pAt24FpsWithEveryFrameAndReplacesAnOlderOneOnlyWhenComplete() throws Exception {
        Path mp4 = Files.writeString(out.resolve("film.mp4"), "an older export");
        assertEquals(FilmExport.Outcome.WRITTEN, new Mp4Export().write(run(ExportFilms.threeChunks(projectDir), mp4)));
        Map<String, String> probe = probe(mp4);
        assertEquals("h264", probe.get("codec_name"), probe.toString());
        assertEquals("yuv420p", probe.get("pix_fmt"), probe.toString());
        assertEquals("24/1", probe.get("r_frame_rate"), probe.toString());
        assertEquals("72", probe.get("nb_read_frames"), probe.toString());
        assertEquals(List.of("film.mp4"), names(out), "nothing else is left beside it");
    }

    @Test
    void aShotsVideoStartComesBeforeItsChunks() throws Exception {
        RenderedFilm film = RenderedFilm.of(ExportFilms.continuingAVideo(projectDir), projectDir, SyntheticRenders.MODEL);
        Path mp4 = out.resolve("film.mp4");
        assertEquals(FilmExport.Outcome.WRITTEN, new Mp4Export().write(run(film, mp4)));
        assertEquals("72", probe(mp4).get("nb_read_frames"), "48 frames of the video, then the chunk's 24");
    }
}
