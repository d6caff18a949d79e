package studio.magi.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A chunk's starting noise, drawn from its own seed by PyTorch's CPU generator: the same seed gives the same noise
 * as the reference sampler's {@code torch.randn(shape, generator=torch.Generator().manual_seed(seed))}, on any device.
 */
public final class Noise {
    /** The generator is global to libtorch: one draw at a time. */
    private static final Object GENERATOR = new Object();

    private Noise() {
    }

    /** Standard normal noise of the given shape, on the manager's device and attached to it. */
    public static NDArray draw(NDManager manager, long seed, long[] shape) {
        synchronized (GENERATOR) {
            try (NDManager cpu = NDManager.newBaseManager(Device.cpu(), manager.getEngine().getEngineName())) {
                JniUtils.setSeed(seed);
                NDArray noise = cpu.randomNormal(0f, 1f, new Shape(shape), DataType.FLOAT32);
                NDArray out = noise.toDevice(manager.getDevice(), true);
                out.attach(manager);
                return out;
            }
        }
    }
}
