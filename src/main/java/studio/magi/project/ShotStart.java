package studio.magi.project;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * What a shot starts from: nothing (text to video), an image (image to video) or a prefix video that the shot
 * continues (video to video). {@code media} is a path inside the project folder, such as {@code media/sunset.png}.
 */
public record ShotStart(Kind kind, String media) {
    public static final ShotStart NOTHING = new ShotStart(Kind.NOTHING, null);

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
    }

    public static ShotStart image(String media) {
        return new ShotStart(Kind.IMAGE, media);
    }

    public static ShotStart video(String media) {
        return new ShotStart(Kind.VIDEO, media);
    }

    public boolean hasMedia() {
        return media != null;
    }
}
