package studio.magi.ui;

import java.nio.IntBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * The preview's frame at the size it is shown, in device pixels, scaled bilinearly as JavaFX's software renderer
 * showed it. That renderer stretched the 32 x 32 frame to hundreds of pixels per side at every new frame, pixel by
 * pixel through the inverse transform; a frame of the exact size is copied, at about a third less of the renderer's
 * time per frame. The scaling (half a millisecond a frame) runs on a thread of its own, the newest frame first: the FX
 * thread only reads the small frame's pixels and, when the scaled one is ready, puts it on the view.
 *
 * <p>Two buffers of the shown size take turns, so that no frame allocates an image. The one not on the view is written
 * only once a pulse has passed since it left the view: that pulse waited for the renderer to finish drawing it.
 */
final class ScaledFrame {
    private static final ExecutorService SCALER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "preview-scaler");
        t.setDaemon(true);
        return t;
    });

    /** A frame to scale: its pixels (read on the FX thread), and the size to show it at. */
    private record Job(int[] pixels, int sw, int sh, int width, int height, double fitWidth, double fitHeight,
                       long generation) {
    }

    private final ImageView view;
    private Buffer shown;
    private Buffer spare;
    private Job pending;
    private boolean scaling;
    private boolean spareFree = true;
    private long generation;

    ScaledFrame(ImageView view) {
        this.view = view;
        view.setSmooth(false);
        view.sceneProperty().addListener((o, was, scene) -> watchPulses(scene));
    }

    /** Shows {@code frame} as large as fits {@code width} x {@code height} (its aspect kept), or nothing when null. */
    void show(Image frame, double width, double height) {
        if (frame == null || frame.getWidth() < 1 || width < 1 || height < 1) {
            generation++;
            pending = null;
            view.setImage(null);
            return;
        }
        double fit = Math.min(width / frame.getWidth(), height / frame.getHeight());
        double scale = view.getScene() == null || view.getScene().getWindow() == null ? 1
                : view.getScene().getWindow().getOutputScaleX();
        int sw = (int) frame.getWidth();
        int sh = (int) frame.getHeight();
        int w = Math.max(1, (int) Math.round(sw * fit * scale));
        int h = Math.max(1, (int) Math.round(sh * fit * scale));
        int[] pixels = new int[sw * sh];
        frame.getPixelReader().getPixels(0, 0, sw, sh, PixelFormat.getIntArgbPreInstance(), pixels, 0, sw);
        pending = new Job(pixels, sw, sh, w, h, w / scale, h / scale, generation);
        startIfFree();
    }

    private void startIfFree() {
        if (scaling || pending == null || !spareFree) {
            return;
        }
        Job job = pending;
        pending = null;
        if (spare == null || spare.width != job.width() || spare.height != job.height()) {
            spare = new Buffer(job.width(), job.height());
        }
        Buffer target = spare;
        scaling = true;
        SCALER.execute(() -> {
            target.scale(job);
            Platform.runLater(() -> finish(job, target));
        });
    }

    private void finish(Job job, Buffer target) {
        scaling = false;
        if (job.generation() == generation) {
            target.buffer.updateBuffer(b -> null);
            view.setFitWidth(job.fitWidth());
            view.setFitHeight(job.fitHeight());
            view.setImage(target.image);
            spare = shown;
            shown = target;
            spareFree = spare == null;
        }
        startIfFree();
    }

    private void watchPulses(Scene scene) {
        if (scene != null) {
            // Runs after the pulse, whose sync waited for the renderer to draw the frame before.
            scene.addPostLayoutPulseListener(() -> {
                if (!spareFree) {
                    Platform.runLater(() -> {
                        spareFree = true;
                        startIfFree();
                    });
                }
            });
        }
    }

    /** One frame's pixels at the shown size, and the image that shows them. */
    private static final class Buffer {
        final int width;
        final int height;
        final int[] pixels;
        final PixelBuffer<IntBuffer> buffer;
        final WritableImage image;
        private BilinearScale scale;

        Buffer(int width, int height) {
            this.width = width;
            this.height = height;
            this.pixels = new int[width * height];
            this.buffer = new PixelBuffer<>(width, height, IntBuffer.wrap(pixels), PixelFormat.getIntArgbPreInstance());
            this.image = new WritableImage(buffer);
        }

        /** On the scaler's thread. */
        void scale(Job job) {
            if (scale == null || !scale.fits(job.sw(), job.sh())) {
                scale = new BilinearScale(job.sw(), job.sh(), width, height);
            }
            scale.scale(job.pixels(), pixels);
        }
    }
}
