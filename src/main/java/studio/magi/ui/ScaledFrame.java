package studio.magi.ui;

import java.nio.IntBuffer;
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
 * time per frame. The scaling (half a millisecond) stays on the FX thread: scaled on a thread of its own, the frame
 * reached the view a pulse after the timecode and playhead that go with it, and the software renderer painted and
 * uploaded the window twice a frame (measured worse, docs/BENCHMARKS.md). Two buffers of the shown size take turns,
 * so that no frame allocates an image and the one written is never the one the renderer may still be drawing: a
 * buffer is written again only after a pulse has handed the other to the renderer.
 */
final class ScaledFrame {
    private final ImageView view;
    private Buffer[] buffers = new Buffer[0];
    private int next;
    private boolean handedOver = true;
    private Image shown;

    ScaledFrame(ImageView view) {
        this.view = view;
        view.setPreserveRatio(false);
        view.setSmooth(false);
        view.sceneProperty().addListener((o, was, scene) -> watchPulses(scene));
    }

    /**
     * Shows {@code frame} as large as fits {@code width} x {@code height} (its aspect kept), or nothing when null. The
     * frame already shown at that size is not drawn again (a layout of the screen asks for it as often as it comes).
     */
    void show(Image frame, double width, double height) {
        if (frame == null || frame.getWidth() < 1 || width < 1 || height < 1) {
            view.setImage(null);
            shown = null;
            return;
        }
        double fit = Math.min(width / frame.getWidth(), height / frame.getHeight());
        double scale = view.getScene() == null || view.getScene().getWindow() == null ? 1
                : view.getScene().getWindow().getOutputScaleX();
        int w = Math.max(1, (int) Math.round(frame.getWidth() * fit * scale));
        int h = Math.max(1, (int) Math.round(frame.getHeight() * fit * scale));
        if (frame == shown && view.getImage() != null && view.getImage().getWidth() == w
                && view.getImage().getHeight() == h) {
            return;
        }
        Buffer b = buffer(w, h);
        b.draw(frame);
        view.setFitWidth(w / scale);
        view.setFitHeight(h / scale);
        view.setImage(b.image);
        shown = frame;
    }

    private Buffer buffer(int w, int h) {
        if (buffers.length == 0 || buffers[0].width != w || buffers[0].height != h) {
            buffers = new Buffer[] {new Buffer(w, h), new Buffer(w, h)};
            handedOver = true;
        }
        if (handedOver) {
            next = 1 - next;
            handedOver = false;
        }
        return buffers[next];
    }

    private void watchPulses(Scene scene) {
        if (scene != null) {
            scene.addPostLayoutPulseListener(() -> handedOver = true);
        }
    }

    /** One frame's pixels at the shown size, and the image that shows them. */
    private static final class Buffer {
        final int width;
        final int height;
        final int[] pixels;
        final PixelBuffer<IntBuffer> buffer;
        final WritableImage image;
        private int[] source = new int[0];
        private BilinearScale scale;

        Buffer(int width, int height) {
            this.width = width;
            this.height = height;
            this.pixels = new int[width * height];
            this.buffer = new PixelBuffer<>(width, height, IntBuffer.wrap(pixels), PixelFormat.getIntArgbPreInstance());
            this.image = new WritableImage(buffer);
        }

        void draw(Image frame) {
            int sw = (int) frame.getWidth();
            int sh = (int) frame.getHeight();
            if (scale == null || !scale.fits(sw, sh)) {
                scale = new BilinearScale(sw, sh, width, height);
                source = new int[sw * sh];
            }
            frame.getPixelReader().getPixels(0, 0, sw, sh, PixelFormat.getIntArgbPreInstance(), source, 0, sw);
            scale.scale(source, pixels);
            buffer.updateBuffer(b -> null);
        }
    }
}
