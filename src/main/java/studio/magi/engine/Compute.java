package studio.magi.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * The compute the engine runs on: libtorch's CPU threads and the devices DJL finds. Only the CPU is tested; a CUDA
 * GPU is used when DJL finds one (with a CUDA libtorch, which DJL fetches itself on a machine with a GPU and a
 * network).
 */
public final class Compute {
    /** The system property DJL reads for libtorch's intra-op threads. */
    public static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
    private static final String ENGINE = "PyTorch";
    private static boolean started;

    private Compute() {
    }

    /**
     * Starts libtorch once. Unless {@value #THREADS_PROPERTY} says otherwise, it computes on half the cores (at
     * least one): libtorch's OpenMP threads spin while they wait, and on a small machine that is also running the
     * studio's window or another job, two of them on two cores run ten times slower than one.
     */
    public static synchronized void start() {
        if (started) {
            return;
        }
        NativeHeap.keepFreedBlocks();
        Engine.getEngine(ENGINE);
        String asked = System.getProperty(THREADS_PROPERTY);
        if (asked == null) {
            JniUtils.setNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        }
        started = true;
    }

    /** Computes on this many CPU threads from now on. */
    public static synchronized void useThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        start();
        JniUtils.setNumThreads(threads);
    }

    public static synchronized int threads() {
        start();
        return JniUtils.getNumThreads();
    }

    /** The GPUs DJL finds, or the CPU when there is none. */
    public static List<DeviceName> devices() {
        start();
        int gpus = Engine.getEngine(ENGINE).getGpuCount();
        List<DeviceName> out = new ArrayList<>();
        for (int i = 0; i < gpus; i++) {
            out.add(DeviceName.gpu(i));
        }
        if (out.isEmpty()) {
            out.add(DeviceName.CPU);
        }
        return out;
    }

    /** Devices by a comma-separated list of names, such as "cpu" or "gpu:0,gpu:1" (see {@link #device}). */
    public static List<DeviceName> deviceList(String names) {
        List<DeviceName> out = new ArrayList<>();
        for (String n : names.split(",")) {
            if (!n.isBlank()) {
                out.add(device(n));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no device named in '" + names + "'");
        }
        return out;
    }

    /** A device by name: "cpu", "gpu" (the first GPU) or "gpu1" / "cuda:1" (a numbered one). */
    public static DeviceName device(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("cpu")) {
            return DeviceName.CPU;
        }
        String digits = n.replaceFirst("^(gpu|cuda):?", "");
        if (digits.equals(n) || !digits.matches("\\d*")) {
            throw new IllegalArgumentException("unknown device '" + name + "'; use cpu, gpu or gpuN");
        }
        int index = digits.isEmpty() ? 0 : Integer.parseInt(digits);
        start();
        int gpus = Engine.getEngine(ENGINE).getGpuCount();
        if (index >= gpus) {
            throw new IllegalArgumentException("no GPU " + index + " here (DJL finds " + gpus + ")");
        }
        return DeviceName.gpu(index);
    }

    /** DJL's device of that name, for the engine's own NDManagers. */
    public static Device djl(DeviceName device) {
        int gpu = device.gpuIndex();
        return gpu < 0 ? Device.cpu() : Device.gpu(gpu);
    }
}
