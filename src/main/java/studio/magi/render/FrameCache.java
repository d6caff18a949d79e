package studio.magi.render;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import studio.magi.engine.ChunkShape;
import studio.magi.engine.Frames;

/**
 * The frames the preview asks for, kept in memory (the latest {@value #FRAMES_KEPT} chunks' and video starts'): a
 * chunk's by its key, read from {@code renders/} in the background when it is only there; a video start's by the
 * start's key, read from the video at the model's size. Called from any thread; {@code loaded} runs after each read in
 * the background, so that the window asks again.
 */
final class FrameCache implements AutoCloseable {
    static final int FRAMES_KEPT = 2048;

    private final ChunkShape shape;
    private final Runnable loaded;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(DaemonThreads.named("render-loader"));
    private final Map<String, Frames> frames = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Frames> eldest) {
            return size() > FRAMES_KEPT;
        }
    });
    private final Set<String> loading = Collections.synchronizedSet(new HashSet<>());
    private final Map<String, Path> videos = new ConcurrentHashMap<>();
    private volatile RenderStore store;

    FrameCache(ChunkShape shape, Runnable loaded) {
        this.shape = shape;
        this.loaded = loaded;
    }

    /** Where chunks not in memory are read from: the open project's renders, or none. */
    void readFrom(RenderStore renders) {
        store = renders;
    }

    /** The videos that video starts continue, by start key (kept across edits: undo brings a start back). */
    void knowVideos(Map<String, Path> byStartKey) {
        videos.putAll(byStartKey);
    }

    /** A chunk just rendered. */
    void put(String key, Frames f) {
        frames.put(key, f);
    }

    /** A chunk's frames if they are in memory; else they are read in the background when they are in renders/. */
    Optional<Frames> chunk(String key) {
        Frames f = frames.get(key);
        if (f != null) {
            return Optional.of(f);
        }
        RenderStore s = store;
        if (s != null && s.has(key) && loading.add(key)) {
            loader.execute(() -> {
                try {
                    s.read(key).ifPresent(c -> frames.put(key, c.frames()));
                } finally {
                    loading.remove(key);
                }
                loaded.run();
            });
        }
        return Optional.empty();
    }

    /** A video start's frames (its last whole seconds) if they are in memory; else they are read in the background. */
    Optional<Frames> start(String startKey) {
        Frames f = frames.get(startKey);
        if (f != null) {
            return Optional.of(f);
        }
        Path video = videos.get(startKey);
        if (video != null && loading.add(startKey)) {
            loader.execute(() -> {
                try {
                    frames.put(startKey, ShotMedia.prefix(video, shape.width(), shape.height(), shape.frames()));
                } catch (RuntimeException e) {
                    // Shown as a start without frames; rendering the shot reports why.
                } finally {
                    loading.remove(startKey);
                }
                loaded.run();
            });
        }
        return Optional.empty();
    }

    /** Stops reading; a read under way finishes on its own. */
    @Override
    public void close() {
        loader.shutdown();
    }
}
