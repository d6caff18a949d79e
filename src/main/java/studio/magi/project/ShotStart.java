package studio.magi.project;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.UUID;

/**
 * What a shot starts from: nothing (text to video), an image (image to video), a prefix video that the shot
 * continues (video to video), or another shot of the film, whose rendered frames are that prefix video.
 * {@code media} is a path inside the project folder, such as {@code media/sunset.png}. A video start shows its last
 * {@code chunks} whole seconds as the shot's first, locked clip; the shot's chunks continue from its last frame.
 * {@code shot} is the shot a {@link Kind#SHOT} start continues (it plays on the timeline already, so it shows nothing
 * of its own).
 */
public record ShotStart(Kind kind, String media, int chunks, UUID shot) {
    public static final ShotStart NOTHING = new ShotStart(Kind.NOTHING, null, 0, null);

    public enum Kind {
        @JsonProperty("nothing") NOTHING,
        @JsonProperty("image") IMAGE,
        @JsonProperty("video") VIDEO,
        @JsonProperty("shot") SHOT
    }

    public ShotStart {
        Objects.requireNonNull(kind, "a shot start needs a kind (nothing, image or video)");
        if (kind == Kind.NOTHING && media != null) {
            throw new IllegalArgumentException("a shot that starts from nothing has no media");
        }
        if ((kind == Kind.SHOT) != (shot != null)) {
            throw new IllegalArgumentException("a shot start names the shot it continues exactly when it continues one");
        }
        if (kind == Kind.SHOT && media != null) {
            throw new IllegalArgumentException("a shot that continues another shot has no media of its own");
        }
        if ((kind == Kind.IMAGE || kind == Kind.VIDEO) && (media == null || media.isBlank())) {
            throw new IllegalArgumentException("a shot that starts from " + (kind == Kind.IMAGE ? "an image" : "a video")
                    + " needs its media file");
        }
        if (chunks < 0 || kind != Kind.VIDEO && chunks != 0) {
            throw new IllegalArgumentException("only a video start has whole seconds of its own (got " + chunks + ")");
        }
    }

    public static ShotStart image(String media) {
        return new ShotStart(Kind.IMAGE, media, 0, null);
    }

    /** A video start that shows its last {@code chunks} whole seconds. */
    public static ShotStart video(String media, int chunks) {
        return new ShotStart(Kind.VIDEO, media, chunks, null);
    }

    /** A start that continues the shot with this id: video to video from its rendered frames. */
    public static ShotStart after(UUID shot) {
        return new ShotStart(Kind.SHOT, null, 0, shot);
    }

    /** The frames of the start shown before the shot's first chunk (a video's whole seconds). */
    public int frames() {
        return chunks * Chunk.FRAMES;
    }

    public boolean hasMedia() {
        return media != null;
    }
}
