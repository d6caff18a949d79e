package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.magi.render.ExportFilms.names;
import static studio.magi.render.ExportFilms.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OTIO timeline as an editor reads it: a clip per piece, pointing at the renders and the video file. */
class OtioExportTest {
    @TempDir
    Path projectDir;

    @TempDir
    Path out;

    @Test
    void aTimelineHasAClipPerChunkWithItsPromptSeedAndTakeAndPointsAtItsFrames() throws Exception {
        RenderedFilm film = ExportFilms.threeChunks(projectDir);
        Path otio = Files.writeString(out.resolve("film.otio"), "an older export");
        assertEquals(FilmExport.Outcome.WRITTEN, new OtioExport().write(run(film, otio)));
        JsonNode timeline = new ObjectMapper().readTree(otio.toFile());
        assertEquals("Timeline.1", timeline.path("OTIO_SCHEMA").asText());
        assertEquals("Export test", timeline.path("name").asText());
        JsonNode stack = timeline.path("tracks");
        assertEquals("Stack.1", stack.path("OTIO_SCHEMA").asText());
        assertEquals(1, stack.path("children").size());
        JsonNode track = stack.path("children").get(0);
        assertEquals("Track.1", track.path("OTIO_SCHEMA").asText());
        assertEquals("Video", track.path("kind").asText());
        JsonNode clips = track.path("children");
        assertEquals(3, clips.size());
        List<String> prompts = List.of(ExportFilms.FIRST, ExportFilms.FIRST, ExportFilms.THIRD);
        List<Long> seeds = List.of(7L, 8L, 99L);
        for (int i = 0; i < 3; i++) {
            JsonNode clip = clips.get(i);
            assertEquals("Clip.1", clip.path("OTIO_SCHEMA").asText());
            assertEquals("Shot 1 \u00b7 Chunk " + (i + 1), clip.path("name").asText());
            JsonNode magi = clip.path("metadata").path("magi");
            assertEquals(prompts.get(i), magi.path("prompt").asText(), "chunk " + (i + 1) + " as it is rendered");
            assertEquals(seeds.get(i), magi.path("seed").asLong());
            assertEquals(1, magi.path("shot").asInt());
            assertEquals(i + 1, magi.path("chunk").asInt());
            assertEquals(film.chunks().get(i).key(), magi.path("render_key").asText());
            if (i < 2) {
                assertTrue(magi.has("take") && magi.get("take").isNull(), magi.toString());
            } else {
                assertEquals(1, magi.path("take").asInt(), "the chosen take, counted as the studio shows it");
            }
            JsonNode range = clip.path("source_range");
            assertEquals("TimeRange.1", range.path("OTIO_SCHEMA").asText());
            assertEquals(24.0, range.path("duration").path("value").asDouble());
            assertEquals(24.0, range.path("duration").path("rate").asDouble());
            assertEquals(0.0, range.path("start_time").path("value").asDouble());

            JsonNode ref = clip.path("media_reference");
            assertEquals("ImageSequenceReference.1", ref.path("OTIO_SCHEMA").asText());
            assertEquals("frame-", ref.path("name_prefix").asText());
            assertEquals(".png", ref.path("name_suffix").asText());
            assertEquals(4, ref.path("frame_zero_padding").asInt());
            assertEquals(0, ref.path("start_frame").asInt());
            assertEquals(1, ref.path("frame_step").asInt());
            assertEquals(24.0, ref.path("rate").asDouble());
            assertEquals("error", ref.path("missing_frame_policy").asText());
            String base = ref.path("target_url_base").asText();
            assertTrue(base.startsWith("file:/") && base.endsWith("/"), base);
            Path folder = Path.of(URI.create(base));
            assertTrue(folder.isAbsolute() && Files.isDirectory(folder), base);
            assertEquals(projectDir.resolve("renders").toRealPath(), folder.getParent().toRealPath());
            for (int f = 0; f < 24; f++) {
                String name = ref.path("name_prefix").asText()
                        + String.format(Locale.ROOT, "%0" + ref.path("frame_zero_padding").asInt() + "d", f)
                        + ref.path("name_suffix").asText();
                assertTrue(Files.isRegularFile(folder.resolve(name)), folder.resolve(name).toString());
            }
            try (Stream<Path> files = Files.list(folder)) {
                assertEquals(24, files.filter(p -> p.toString().endsWith(".png")).count());
            }
        }
        assertEquals(List.of("film.otio"), names(out), "the older export was replaced by a rename, nothing left beside it");
    }

    @Test
    void aTimelineStartsAShotThatContinuesAVideoWithAClipOfItsFile() throws Exception {
        RenderedFilm film = RenderedFilm.of(ExportFilms.continuingAVideo(projectDir), projectDir, SyntheticRenders.MODEL);
        Path otio = out.resolve("film.otio");
        assertEquals(FilmExport.Outcome.WRITTEN, new OtioExport().write(run(film, otio)));
        JsonNode clips = new ObjectMapper().readTree(otio.toFile()).path("tracks").path("children").get(0).path("children");
        assertEquals(2, clips.size());

        JsonNode video = clips.get(0);
        assertEquals("Clip.1", video.path("OTIO_SCHEMA").asText());
        assertEquals("Shot 1 \u00b7 clip.mp4", video.path("name").asText());
        JsonNode ref = video.path("media_reference");
        assertEquals("ExternalReference.1", ref.path("OTIO_SCHEMA").asText());
        String url = ref.path("target_url").asText();
        assertTrue(url.startsWith("file:/"), url);
        assertEquals(projectDir.resolve("media").resolve("clip.mp4").toRealPath(), Path.of(URI.create(url)).toRealPath());
        assertEquals((double) ExportFilms.VIDEO_FRAMES, ref.path("available_range").path("duration").path("value").asDouble());
        JsonNode range = video.path("source_range");
        assertEquals("TimeRange.1", range.path("OTIO_SCHEMA").asText());
        assertEquals(12.0, range.path("start_time").path("value").asDouble(), "the video's last 48 frames");
        assertEquals(24.0, range.path("start_time").path("rate").asDouble());
        assertEquals(48.0, range.path("duration").path("value").asDouble());
        assertEquals(24.0, range.path("duration").path("rate").asDouble());
        JsonNode magi = video.path("metadata").path("magi");
        assertEquals(1, magi.path("shot").asInt());
        assertEquals("video", magi.path("start").asText());
        assertEquals("media/clip.mp4", magi.path("media").asText());
        assertEquals(2, magi.path("seconds").asInt());

        JsonNode chunk = clips.get(1);
        assertEquals("Shot 1 \u00b7 Chunk 1", chunk.path("name").asText());
        assertEquals("ImageSequenceReference.1", chunk.path("media_reference").path("OTIO_SCHEMA").asText());
        assertEquals(ExportFilms.CONTINUED, chunk.path("metadata").path("magi").path("prompt").asText());
        assertEquals(film.chunks().get(0).key(), chunk.path("metadata").path("magi").path("render_key").asText());
        assertEquals(List.of("film.otio"), names(out));
    }
}
