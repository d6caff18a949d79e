package studio.magi.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static studio.magi.render.SyntheticRenders.film;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.Frames;
import studio.magi.media.Mp4Writer;
import studio.magi.media.TestClips;
import studio.magi.project.Shot;

/** The frames the preview asks for: in memory at once, else read in the background and announced. */
class FrameCacheTest {
    private static final ChunkShape SHAPE = RecordingTarget.SHAPE;
    private static final String KEY = "c".repeat(64);

    @TempDir
    Path dir;

    private final Semaphore loaded = new Semaphore(0);

    private void awaitLoaded() throws InterruptedException {
        assertTrue(loaded.tryAcquire(60, TimeUnit.SECONDS), "a background read announced itself");
    }

    @Test
    void aChunkJustRenderedIsInMemoryAndOneOnlyOnDiskIsReadInTheBackground() throws Exception {
        Shot s = film(1).shots().get(0);
        Frames frames = SyntheticRenders.frames(4, 4, 2, 1);
        RenderStore store = RenderStore.open(dir);
        store.write(SyntheticRenders.stored(s, 0, KEY, frames));
        try (FrameCache cache = new FrameCache(SHAPE, loaded::release)) {
            assertEquals(Optional.empty(), cache.chunk(KEY), "no renders to read from yet");
            cache.readFrom(store);
            assertEquals(Optional.empty(), cache.chunk(KEY));
            awaitLoaded();
            assertEquals(Optional.of(frames), cache.chunk(KEY));

            String fresh = "d".repeat(64);
            cache.put(fresh, frames);
            assertEquals(Optional.of(frames), cache.chunk(fresh));
        }
    }

    @Test
    void aVideoStartIsReadAsItsLastWholeSecondsAtTheModelsSize() throws Exception {
        Path video = dir.resolve("clip.mp4");
        Mp4Writer.write(TestClips.movingSquare(48, 48, 60), video);
        try (FrameCache cache = new FrameCache(SHAPE, loaded::release)) {
            assertEquals(Optional.empty(), cache.start(KEY), "an unknown start has no frames");
            cache.knowVideos(Map.of(KEY, video));
            assertEquals(Optional.empty(), cache.start(KEY));
            awaitLoaded();
            Frames start = cache.start(KEY).orElseThrow();
            assertEquals(48, start.count(), "two whole seconds of 60 frames");
            assertEquals(SHAPE.width(), start.width());
            assertEquals(SHAPE.height(), start.height());
        }
    }

    @Test
    void aVideoThatCannotBeReadShowsNoFrames() throws Exception {
        Path video = Files.writeString(dir.resolve("clip.mp4"), "not a video");
        try (FrameCache cache = new FrameCache(SHAPE, loaded::release)) {
            cache.knowVideos(Map.of(KEY, video));
            cache.start(KEY);
            awaitLoaded();
            assertEquals(Optional.empty(), cache.start(KEY));
        }
    }
}
