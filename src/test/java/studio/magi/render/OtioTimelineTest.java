package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OTIO document's shape, without files: the schema an editor expects, times at 24 fps. */
class OtioTimelineTest {
    @Test
    void anEmptyTimelineIsAStackWithOneVideoTrackStartingAtZero() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(OtioTimeline.bytes("Film", OtioTimeline.clips()));
        assertEquals("Timeline.1", doc.path("OTIO_SCHEMA").asText());
        assertEquals("Film", doc.path("name").asText());
        assertEquals("RationalTime.1", doc.path("global_start_time").path("OTIO_SCHEMA").asText());
        assertEquals(24.0, doc.path("global_start_time").path("rate").asDouble());
        assertEquals(0.0, doc.path("global_start_time").path("value").asDouble());
        JsonNode track = doc.path("tracks").path("children").get(0);
        assertEquals(List.of("Track.1", "Video", "Video 1"), List.of(track.path("OTIO_SCHEMA").asText(),
                track.path("kind").asText(), track.path("name").asText()));
        assertEquals(0, track.path("children").size());
    }

    @Test
    void aVideoStartsClipIsTheLastWholeSecondsOfTheFile() {
        RenderedFilm.Start s = new RenderedFilm.Start(2, "media/sea.mov", Path.of("/films/media/sea.mov"), 3);
        ArrayNode clips = OtioTimeline.clips();
        clips.add(OtioTimeline.clip(s, 100));
        JsonNode clip = clips.get(0);
        assertEquals("Shot 3 \u00b7 sea.mov", clip.path("name").asText());
        assertEquals(100.0 - 72, clip.path("source_range").path("start_time").path("value").asDouble());
        assertEquals(72.0, clip.path("source_range").path("duration").path("value").asDouble());
        assertEquals(100.0, clip.path("media_reference").path("available_range").path("duration").path("value").asDouble());
        assertEquals("file:///films/media/sea.mov", clip.path("media_reference").path("target_url").asText());
    }
}
