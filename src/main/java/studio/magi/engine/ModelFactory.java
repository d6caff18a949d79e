package studio.magi.engine;

import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Opens checkpoint folders of one model architecture. The render service and the window reach a model only through
 * this, so they name no class of the architecture's own package.
 */
public interface ModelFactory {
    /** Loads the checkpoint folder onto the device, at the precision of its main weights. */
    VideoModel load(Path checkpoint, DeviceName device);

    /** The checkpoint's {@link VideoModel#durationTokens()}, read without loading its weights. */
    int durationTokens(Path checkpoint);

    /**
     * The architecture this build carries, named in {@code META-INF/services}: looked up rather than named here, so
     * that the engine stays free of the architecture that depends on it.
     */
    static ModelFactory installed() {
        return ServiceLoader.load(ModelFactory.class, ModelFactory.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no model architecture on the class path"));
    }
}
