package studio.magi.engine;

import java.util.List;

/** What a generation continues from. */
public sealed interface Start {
    /** Text to video: nothing before the first chunk. */
    record Text() implements Start {
    }

    /** Image to video: the picture (any size; it is fitted to the chunk) is the first latent frame, held clean. */
    record Image(Frames picture) implements Start {
        public Image {
            if (picture.count() != 1) {
                throw new IllegalArgumentException("an image start is one picture, got " + picture.count());
            }
        }
    }

    /**
     * Video to video: the prefix's whole chunks (as many as the context holds) become clean cached chunks; the frames
     * of a last partial chunk (whole latent frames of them) are held clean at the start of the first new chunk.
     */
    record Video(Frames prefix) implements Start {
    }

    /** A shot rendered before: the clean latents of its chunks 0..k-1; rendering goes on from chunk k. */
    record History(List<Latent> chunks) implements Start {
        public History {
            chunks = List.copyOf(chunks);
            if (chunks.isEmpty()) {
                throw new IllegalArgumentException("a history start needs at least one chunk");
            }
        }
    }
}
