package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.function.Function;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.Frames;
import studio.magi.engine.Latent;
import studio.magi.engine.PictureFit;
import studio.magi.engine.Start;

/**
 * What a reference render starts from, as the reference's prefix_video: an image's one latent frame (i2v), a video's
 * latent frames (v2v: the whole chunks the kv ranges can reach, as many as that, and the whole latent frames after
 * them; the reference reads a fixed 32 frames), or an earlier render's chunks (a history). {@code firstChunkNumber}
 * is the new chunks' place in the video: after every whole chunk of the video or history, not only those kept.
 */
record ReferenceStart(ReferencePrefix prefix, int firstChunkNumber) {
    /**
     * {@code encode}: pictures at the chunk's size to scaled latents [C, t, h, w]; {@code reach}: the most chunks a
     * chunk sees, itself included. The prefix's latents belong to {@code manager}.
     */
    static ReferenceStart of(Start start, ChunkShape shape, int reach, Function<Frames, NDArray> encode,
            NDManager manager) {
        int width = shape.latentFrames();
        int context = reach - 1;
        if (start instanceof Start.Image image) {
            Frames picture = PictureFit.to(image.picture(), shape.width(), shape.height());
            return new ReferenceStart(new ReferencePrefix(own(encode.apply(picture), manager), width), 0);
        }
        if (start instanceof Start.Video video) {
            Frames clip = PictureFit.to(video.prefix(), shape.width(), shape.height());
            int perChunk = shape.frames();
            int full = clip.count() / perChunk;
            int kept = Math.min(full, context);
            int rest = (clip.count() - full * perChunk) / shape.framesPerLatent() * shape.framesPerLatent();
            if (kept == 0 && rest == 0) {
                throw new IllegalArgumentException("a video start needs at least " + shape.framesPerLatent()
                        + " frames (one latent frame); this one has " + clip.count());
            }
            NDArray z = encode.apply(clip.range((full - kept) * perChunk, full * perChunk + rest));
            return new ReferenceStart(new ReferencePrefix(own(z, manager), width), full);
        }
        if (start instanceof Start.History past) {
            List<Latent> chunks = past.chunks();
            List<Latent> kept = chunks.subList(Math.max(0, chunks.size() - context), chunks.size());
            if (kept.isEmpty()) {
                return new ReferenceStart(null, chunks.size());
            }
            NDArray[] z = new NDArray[kept.size()];
            for (int i = 0; i < z.length; i++) {
                z[i] = manager.create(kept.get(i).values(), new Shape(kept.get(i).shape()));
            }
            return new ReferenceStart(new ReferencePrefix(Ops.concat(1, z), width), chunks.size());
        }
        return new ReferenceStart(null, 0);
    }

    private static NDArray own(NDArray z, NDManager manager) {
        z.attach(manager);
        return z;
    }
}
