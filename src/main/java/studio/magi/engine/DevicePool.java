package studio.magi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One loaded model per device; each generation runs on a device that is free, so takes and shots given from several
 * threads spread over the devices (one render per device at a time). Only the CPU is tested.
 */
public final class DevicePool implements AutoCloseable {
    private final List<DeviceName> devices;
    private final List<VideoModel> models = new ArrayList<>();
    private final BlockingQueue<VideoModel> idle;

    private DevicePool(List<DeviceName> devices, Function<DeviceName, VideoModel> loader) {
        this.devices = List.copyOf(devices);
        this.idle = new ArrayBlockingQueue<>(devices.size());
        try {
            for (DeviceName d : devices) {
                VideoModel m = loader.apply(d);
                models.add(m);
                idle.add(m);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Loads the model once on each device. */
    public static DevicePool open(List<DeviceName> devices, Function<DeviceName, VideoModel> loader) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("a device pool needs at least one device");
        }
        return new DevicePool(devices, loader);
    }

    public List<DeviceName> devices() {
        return devices;
    }

    /** Each device's model's load-time check of its own arithmetic, in device order. */
    public List<SelfCheck> selfChecks() {
        return models.stream().map(VideoModel::selfCheck).toList();
    }

    public ChunkShape chunkShape() {
        return models.get(0).chunkShape();
    }

    public SamplerSettings defaults() {
        return models.get(0).defaults();
    }

    /** See {@link VideoModel#durationTokens()}. */
    public int durationTokens() {
        return models.get(0).durationTokens();
    }

    /** The words of a prompt the model does not know. */
    public List<String> unknownWords(String prompt) {
        return models.get(0).unknownWords(prompt);
    }

    /**
     * The clean latents of a video's whole chunks (pictures already of the chunk's size), as a later render's history:
     * waits for a free device like {@link #generate}.
     */
    public List<Latent> encodeChunks(Frames frames) {
        ChunkShape shape = chunkShape();
        VideoModel model = take();
        try (NDManager scope = model.manager().newSubManager()) {
            List<Latent> out = new ArrayList<>();
            for (int j = 0; j + shape.frames() <= frames.count(); j += shape.frames()) {
                NDArray z = model.encode(frames.range(j, j + shape.frames()));
                z.attach(scope);
                out.add(new Latent(z.getShape().getShape(), z.toFloatArray()));
            }
            return out;
        } finally {
            idle.add(model);
        }
    }

    /**
     * Renders one throwaway chunk on every device at the model's own settings, so that the first render a user asks
     * for does not pay for the JIT and libtorch's first passes.
     */
    public void warmUp() {
        SamplerSettings d = defaults();
        for (int i = 0; i < devices.size(); i++) {
            generate(GenerationRequest.of(List.of(""), d, new Start.Text()), chunk -> { }, () -> false);
        }
    }

    /** Waits for a free device, then generates on it (see {@link ChunkPipeline#generate}). */
    public void generate(GenerationRequest request, ChunkListener listener, BooleanSupplier cancelled) {
        VideoModel model = take();
        try {
            new ChunkPipeline(model).generate(request, listener, cancelled);
        } finally {
            idle.add(model);
        }
    }

    private VideoModel take() {
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a device");
        }
    }

    @Override
    public void close() {
        models.forEach(VideoModel::close);
        models.clear();
    }
}
