package studio.magi.ui;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import studio.magi.engine.Frames;
import studio.magi.engine.SelfCheck;
import studio.magi.project.Project;
import studio.magi.project.Shot;
import studio.magi.render.ChunkStatus;
import studio.magi.render.RenderBoard;
import studio.magi.render.RenderModel;
import studio.magi.render.RenderService;

/**
 * The render service as the window sees it, on the FX thread: the latest board (each chunk's status and key, the
 * queue), the rendered frames as images, and the actions (render, cancel, takes). Until the model has loaded, or when
 * it cannot load, there is no service: everything reads as not rendered and {@link #modelStateProperty()} says why.
 */
public final class Renders {
    private static final int IMAGES_KEPT = 512;

    private final ReadOnlyObjectWrapper<RenderBoard> board = new ReadOnlyObjectWrapper<>(RenderBoard.EMPTY);
    private final ReadOnlyStringWrapper modelState = new ReadOnlyStringWrapper("Loading the model\u2026");
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper();
    private final ReadOnlyLongWrapper framesLoaded = new ReadOnlyLongWrapper();
    private final AtomicReference<RenderBoard> incoming = new AtomicReference<>();
    private final AtomicBoolean loadPending = new AtomicBoolean();
    private final Map<String, Image[]> images = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Image[]> eldest) {
            return size() > IMAGES_KEPT;
        }
    };
    private RenderService service;
    private Project project;
    private Path dir;

    /**
     * What the service calls with each new board, and when frames were read from disk, on its own threads: the latest
     * board, and a burst of reads, reach the FX thread once.
     */
    public RenderService.Listener listener() {
        return new RenderService.Listener() {
            @Override
            public void changed(RenderBoard b) {
                if (incoming.getAndSet(b) == null) {
                    Platform.runLater(Renders.this::deliver);
                }
            }

            @Override
            public void framesLoaded() {
                if (!loadPending.getAndSet(true)) {
                    Platform.runLater(() -> {
                        loadPending.set(false);
                        framesLoaded.set(framesLoaded.get() + 1);
                    });
                }
            }
        };
    }

    private void deliver() {
        RenderBoard b = incoming.getAndSet(null);
        if (b != null) {
            board.set(b);
        }
    }

    /** The service is ready: it takes over the project shown so far. */
    public void attach(RenderService s) {
        service = s;
        modelState.set("");
        ready.set(true);
        if (project != null) {
            s.show(project, dir);
        }
    }

    /** For diagnostics: each device's load-time self-check (kernel paths, CPU), or why no model is loaded yet. */
    public List<String> engineDiagnostics() {
        if (service == null) {
            return List.of(modelState.get());
        }
        return service.selfChecks().stream().map(SelfCheck::summary).toList();
    }

    /** The model could not be loaded: renders stay unavailable and the message says why. */
    public void unavailable(String message) {
        modelState.set(message);
    }

    public ReadOnlyObjectProperty<RenderBoard> boardProperty() {
        return board.getReadOnlyProperty();
    }

    /**
     * Counts the times frames asked for and not at hand ({@link #frame}, {@link #startFrame}) were read since: what
     * shows frames asks again when it changes. The board alone does not say it: it is the same before and after.
     */
    public ReadOnlyLongProperty framesLoadedProperty() {
        return framesLoaded.getReadOnlyProperty();
    }

    public RenderBoard board() {
        return board.get();
    }

    /** Empty while the model is ready; otherwise "Loading the model…" or why it cannot render. */
    public ReadOnlyStringProperty modelStateProperty() {
        return modelState.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }

    public Optional<RenderModel> model() {
        return service == null ? Optional.empty() : Optional.of(service.model());
    }

    /** The project changed (an edit, or another project in the window). */
    public void show(Project p, Path projectDir) {
        project = p;
        dir = projectDir;
        if (service != null) {
            service.show(p, projectDir);
        }
    }

    public void renderAll() {
        if (service != null) {
            service.renderAll();
        }
    }

    public void renderShot(UUID shot) {
        if (service != null) {
            service.renderShot(shot);
        }
    }

    public void renderTakes(UUID chunk) {
        if (service != null) {
            service.renderTakes(chunk);
        }
    }

    public void prioritize(UUID chunk) {
        if (service != null) {
            service.prioritize(chunk);
        }
    }

    public void cancelAll() {
        if (service != null) {
            service.cancelAll();
        }
    }

    public void cancelShot(UUID shot) {
        if (service != null) {
            service.cancelShot(shot);
        }
    }

    public void cancelJob(long job) {
        if (service != null) {
            service.cancelJob(job);
        }
    }

    /** The key a take of the shot's chunk {@code index} with this seed renders under; empty until render knows it. */
    public Optional<String> takeKey(Shot shot, int index, long seed) {
        return service == null ? Optional.empty() : service.takeKey(board.get(), shot, index, seed);
    }

    /** The words of a prompt the model does not know (none while there is no model). */
    public List<String> unknownWords(String prompt) {
        return service == null ? List.of() : service.unknownWords(prompt);
    }

    public ChunkStatus status(UUID chunk) {
        return board.get().status(chunk);
    }

    /** Frame {@code i} of the chunk as rendered for what it says now, when it is. */
    public Optional<Image> frame(UUID chunk, int i) {
        if (!status(chunk).done()) {
            return Optional.empty();
        }
        return board.get().key(chunk).flatMap(k -> frame(k, i));
    }

    /** Frame {@code i} of the render under this key, when its frames are at hand (else they are fetched). */
    public Optional<Image> frame(String key, int i) {
        return image(key, i, () -> service.frames(key));
    }

    /** Frame {@code i} of the video a shot starts from (its whole seconds at the model's size), when at hand. */
    public Optional<Image> startFrame(Shot shot, int i) {
        Optional<String> key = board.get().upstream(shot.chunks().get(0).id());
        return key.flatMap(k -> image(k, i, () -> service.startFrames(k)));
    }

    private Optional<Image> image(String key, int i, java.util.function.Supplier<Optional<Frames>> fetch) {
        Image[] cached = images.get(key);
        if (cached == null && service != null) {
            Optional<Frames> f = fetch.get();
            if (f.isPresent()) {
                cached = toImages(f.get());
                images.put(key, cached);
            }
        }
        return cached == null || i < 0 || i >= cached.length ? Optional.empty() : Optional.of(cached[i]);
    }

    private static Image[] toImages(Frames f) {
        Image[] out = new Image[f.count()];
        for (int i = 0; i < f.count(); i++) {
            WritableImage img = new WritableImage(f.width(), f.height());
            img.getPixelWriter().setPixels(0, 0, f.width(), f.height(), PixelFormat.getByteRgbInstance(), f.frame(i), 0,
                    f.width() * 3);
            out[i] = img;
        }
        return out;
    }
}
