package studio.magi.engine;

/**
 * A device by name, {@code cpu} or {@code gpu:N}: how the studio outside the engine names where a model runs, so that
 * DJL's own Device stays inside the engine ({@link Compute#djl} turns one into the other).
 */
public record DeviceName(String name) {
    public static final DeviceName CPU = new DeviceName("cpu");
    private static final String GPU = "gpu:";

    public DeviceName {
        if (name == null || !name.matches("cpu|gpu:\\d+")) {
            throw new IllegalArgumentException("a device is cpu or gpu:N, got '" + name + "'");
        }
    }

    public static DeviceName gpu(int index) {
        return new DeviceName(GPU + index);
    }

    /** The GPU's number, or -1 for the CPU. */
    int gpuIndex() {
        return name.startsWith(GPU) ? Integer.parseInt(name.substring(GPU.length())) : -1;
    }

    @Override
    public String toString() {
        return name;
    }
}
