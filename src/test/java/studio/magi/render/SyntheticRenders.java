package studio.magi.render;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import studio.magi.engine.Frames;
import studio.magi.engine.Latent;
import studio.magi.project.Chunk;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.project.ShotSettings;
import studio.magi.project.ShotStart;

/**
 * Renders without a model, for the tests of what comes before and after it: made-up frames and latents, kept in
 * {@code renders/} under the chunks' real content keys, as the service keeps what the model renders.
 */
final class SyntheticRenders {
    static final RenderModel MODEL = new RenderModel("synthetic", 8);
    static final ShotSettings FAST = ShotSettings.DEFAULT.withSteps(4).withCfgNumber(1).withWindow(2);

    private SyntheticRenders() {
    }

    /** A project of one shot from nothing: the first chunk has a prompt, the others carry it on. */
    static Project film(int chunks) {
        List<Chunk> list = new ArrayList<>();
        list.add(Chunk.create("a red circle bouncing on a black background", 7));
        for (int i = 1; i < chunks; i++) {
            list.add(Chunk.create("", 7 + i));
        }
        return new Project("Test", List.of(new Shot(UUID.randomUUID(), ShotStart.NOTHING, FAST, list)));
    }

    /** {@code count} pictures, each of its own colour ({@code tone} tells chunks apart), so that order shows. */
    static Frames frames(int width, int height, int count, int tone) {
        List<byte[]> pictures = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            byte[] rgb = new byte[width * height * 3];
            for (int p = 0; p < rgb.length; p += 3) {
                rgb[p] = (byte) (tone * 50);
                rgb[p + 1] = (byte) (f * 10);
                rgb[p + 2] = (byte) (p / 3);
            }
            pictures.add(rgb);
        }
        return Frames.of(width, height, pictures);
    }

    static Latent latent(float value) {
        return new Latent(new long[] {1, 1, 1, 1}, new float[] {value});
    }

    /** Chunk {@code index} of the shot as it would be kept under {@code key}. */
    static StoredChunk stored(Shot s, int index, String key, Frames frames) {
        Chunk c = s.chunks().get(index);
        return new StoredChunk(key, c.id(), s.id(), index, s.effectivePrompt(index), ChunkKeys.seedOf(c), frames,
                latent(index));
    }

    /** Keeps every chunk of the project (a second of {@code width} x {@code height}) in its folder's renders/. */
    static FilmKeys renderAll(Project project, Path dir, int width, int height) throws Exception {
        FilmKeys keys = FilmKeys.of(project, dir, MODEL, new MediaDigests());
        RenderStore store = RenderStore.open(dir);
        for (Shot s : project.shots()) {
            List<String> k = keys.chunks(s.id()).orElseThrow();
            for (int i = 0; i < k.size(); i++) {
                store.write(stored(s, i, k.get(i), frames(width, height, Chunk.FRAMES, i)));
            }
        }
        return keys;
    }
}
