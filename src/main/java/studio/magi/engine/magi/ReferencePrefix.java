package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * The reference sampler's prefix_video: clean latent frames [C, P, h, w] (scaled) the video starts from, an image's
 * one frame or a video's. As video_generate.py uses it: its whole chunks are cached clean before the first pass
 * (extract_prefix_video_feature) and never sampled; the frames past them replace the first frames of the first new
 * chunk in every pass that begins with that chunk (try_pad_prefix_video), and are not handed out again, except an
 * image's one frame ("keep the first 4-frames only for I2V").
 */
record ReferencePrefix(NDArray latents, int chunkWidth) {
    int frames() {
        return (int) latents.getShape().get(1);
    }

    /** Whole chunks of the prefix: cached before the walk, numbered from 0. */
    int wholeChunks() {
        return frames() / chunkWidth;
    }

    /** The whole chunks [C, wholeChunks * F, h, w]. */
    NDArray whole() {
        return latents.get(new NDIndex().addAllDim().addSliceDim(0, (long) wholeChunks() * chunkWidth));
    }

    /**
     * Chunk {@code number}'s latent with the prefix's frames in front, as try_pad_prefix_video pads the pass that
     * begins with it; the chunk itself when the prefix does not reach it.
     */
    NDArray pad(NDArray chunk, int number) {
        int start = number * chunkWidth;
        if (frames() <= start) {
            return chunk;
        }
        int n = Math.min(frames() - start, chunkWidth);
        NDArray padded = chunk.duplicate();
        padded.set(new NDIndex().addAllDim().addSliceDim(0, n),
                latents.get(new NDIndex().addAllDim().addSliceDim(start, start + n)));
        return padded;
    }

    /** The first latent frame of chunk {@code number} that the walk hands out (integrate_velocity's real_start). */
    int firstNewFrame(int number) {
        if (number == 0 && frames() == 1) {
            return 0;
        }
        return Math.max(0, Math.min(chunkWidth, frames() - number * chunkWidth));
    }
}
