package studio.magi.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import studio.magi.project.Chunk;

/**
 * The OpenTimelineIO document of a film: a Timeline.1 whose Stack.1 holds one video Track.1 with a Clip.1 per piece.
 * A chunk's clip points at its image sequence in {@code renders/KEY/} and carries its prompt, seed and take as
 * metadata; a video start's clip is the video file's last whole seconds.
 */
final class OtioTimeline {
    static final String RENDER_PREFIX = "frame-";
    static final String RENDER_SUFFIX = ".png";
    /** The digits of a render's frame numbers: {@code frame-0000.png} (see {@link RenderStore#frameName(int)}). */
    static final int RENDER_DIGITS = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private OtioTimeline() {
    }

    static ArrayNode clips() {
        return JSON.createArrayNode();
    }

    /** The document as the file holds it, pretty-printed. */
    static byte[] bytes(String name, ArrayNode clips) throws JsonProcessingException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(timeline(name, clips));
    }

    /** The document: the timeline named after the project, holding the clips in order. */
    static ObjectNode timeline(String name, ArrayNode clips) {
        ObjectNode track = item("Track.1", "Video 1");
        track.set("children", clips);
        track.put("kind", "Video");
        ObjectNode stack = item("Stack.1", "tracks");
        stack.putArray("children").add(track);
        ObjectNode timeline = JSON.createObjectNode();
        timeline.put("OTIO_SCHEMA", "Timeline.1");
        timeline.putObject("metadata");
        timeline.put("name", name);
        timeline.set("global_start_time", time(0));
        timeline.set("tracks", stack);
        return timeline;
    }

    /** One chunk as a Clip.1 of its frames, its image sequence in renders/KEY/frame-0000.png..., its prompt as metadata. */
    static ObjectNode clip(RenderedFilm.Entry e, int frames, Path folder) {
        ObjectNode clip = item("Clip.1", "Shot " + (e.shot() + 1) + " \u00b7 Chunk " + (e.chunk() + 1));
        ObjectNode magi = ((ObjectNode) clip.get("metadata")).putObject("magi");
        magi.put("prompt", e.prompt());
        magi.put("seed", e.seed());
        if (e.value().chosenTake() == Chunk.NO_TAKE) {
            magi.putNull("take");
        } else {
            magi.put("take", e.value().chosenTake() + 1);
        }
        magi.put("render_key", e.key());
        magi.put("shot", e.shot() + 1);
        magi.put("chunk", e.chunk() + 1);
        magi.put("chunk_id", e.value().id().toString());
        clip.set("source_range", range(0, frames));

        ObjectNode ref = JSON.createObjectNode();
        ref.put("OTIO_SCHEMA", "ImageSequenceReference.1");
        ref.putObject("metadata");
        ref.put("name", e.key());
        ref.set("available_range", range(0, frames));
        String url = folder.toAbsolutePath().normalize().toUri().toString();
        ref.put("target_url_base", url.endsWith("/") ? url : url + "/");
        ref.put("name_prefix", RENDER_PREFIX);
        ref.put("name_suffix", RENDER_SUFFIX);
        ref.put("start_frame", 0);
        ref.put("frame_step", 1);
        ref.put("rate", (double) FilmExport.RATE);
        ref.put("frame_zero_padding", RENDER_DIGITS);
        ref.put("missing_frame_policy", "error");
        clip.set("media_reference", ref);
        return clip;
    }

    /**
     * A shot's video start as a Clip.1 of the video file ({@code videoFrames} long): its last whole seconds, the ones
     * the film shows before the shot's chunks.
     */
    static ObjectNode clip(RenderedFilm.Start s, int videoFrames) {
        ObjectNode clip = item("Clip.1", "Shot " + (s.shot() + 1) + " \u00b7 " + s.fileName());
        ObjectNode magi = ((ObjectNode) clip.get("metadata")).putObject("magi");
        magi.put("shot", s.shot() + 1);
        magi.put("start", "video");
        magi.put("media", s.media());
        magi.put("seconds", s.seconds());
        clip.set("source_range", range(videoFrames - s.frames(), s.frames()));

        ObjectNode ref = JSON.createObjectNode();
        ref.put("OTIO_SCHEMA", "ExternalReference.1");
        ref.putObject("metadata");
        ref.put("name", s.fileName());
        ref.set("available_range", range(0, videoFrames));
        ref.put("target_url", s.file().toAbsolutePath().normalize().toUri().toString());
        clip.set("media_reference", ref);
        return clip;
    }

    private static ObjectNode item(String schema, String name) {
        ObjectNode node = JSON.createObjectNode();
        node.put("OTIO_SCHEMA", schema);
        node.putObject("metadata");
        node.put("name", name);
        node.putNull("source_range");
        node.putArray("effects");
        node.putArray("markers");
        node.put("enabled", true);
        return node;
    }

    private static ObjectNode range(int start, int frames) {
        ObjectNode range = JSON.createObjectNode();
        range.put("OTIO_SCHEMA", "TimeRange.1");
        range.set("duration", time(frames));
        range.set("start_time", time(start));
        return range;
    }

    private static ObjectNode time(int frames) {
        ObjectNode time = JSON.createObjectNode();
        time.put("OTIO_SCHEMA", "RationalTime.1");
        time.put("rate", (double) FilmExport.RATE);
        time.put("value", (double) frames);
        return time;
    }
}
