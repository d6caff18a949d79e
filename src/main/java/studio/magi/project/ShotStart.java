package studio.magi.project;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * What a shot starts from: nothing (text to video), an image (image to video) or a prefix video that the shot
 * continues (video to video). {@code media} is a path inside the project folder, such as {@code media/sunset.png}.
 * A video start shows its last {@code chunks} whole seconds as the shot's first, locked clip; the shot's chunks
 * continue from its last frame.
 */
public record ShotStart(Kind kind, String media, int chunks) {
    public static final ShotStart NOTHING = new ShotStart(Kind.NOTHING, null, 0);

    public enum Kind {
        @JsonProperty("nothing") NOTHING,
        @JsonProperty("image") IMAGE,
        @JsonProperty("video") VIDEO
    }

    public ShotStart {
        Objects.requireNonNull(kind, "a shot start needs a kind (nothing, image or video)");
        if (kind == Kind.NOTHING && media != null) {
            throw new IllegalArgumentException("a shot that starts from nothing has no media");
        }
        if (kind != Kind.NOTHING && (media == null || media.isBlank())) {
            throw new IllegalArgumentException("a shot that starts from " + (kind == Kind.IMAGE ? "an image" : "a video")
                    + " needs its media file");
        }
        if (chunks < 0 || kind != Kind.VIDEO && chunks != 0) {
            throw new IllegalArgumentException("only a video start has whole seconds of its own (got " + chunks + ")");
        }
    }

    public static ShotStart image(String media) {
        return new ShotStart(Kind.IMAGE, media, 0);
    }

    /** A video start that shows its last {@code chunks} whole seconds. */
    public static ShotStart video(String media, int chunks) {
        return new ShotStart(Kind.VIDEO, media, chunks);
    }

    /** The frames of the start shown before the shot's first chunk (a video's whole seconds). */
    public int frames() {
        return chunks * Chunk.FRAMES;
    }

    public boolean hasMedia() {
        return media != null;
    }
}
