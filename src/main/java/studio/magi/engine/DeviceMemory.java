package studio.magi.engine;

import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much memory a device has for a model, in bytes: a GPU's from CUDA (cudaMemGetInfo, through DJL), the CPU's
 * from the operating system (Linux's MemAvailable: free memory plus what the page cache would give back; elsewhere
 * the JVM's view of free physical memory), since tensors live in native memory, not in the Java heap. The system
 * properties {@value #GPU_PROPERTY} and {@value #CPU_PROPERTY} ("24GiB", "64GB", "512MiB" or bytes) set a device's
 * memory instead: for planning a machine one does not have, and for tests.
 */
public record DeviceMemory(DeviceName device, long total, long available) {
    public static final String GPU_PROPERTY = "magi.memory.gpu";
    public static final String CPU_PROPERTY = "magi.memory.cpu";
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?");

    public DeviceMemory {
        if (total < 0 || available < 0 || available > total) {
            throw new IllegalArgumentException("memory of " + device + ": total " + total + ", available " + available);
        }
    }

    /** The device's memory now. */
    public static DeviceMemory of(DeviceName device) {
        boolean gpu = device.gpuIndex() >= 0;
        String given = System.getProperty(gpu ? GPU_PROPERTY : CPU_PROPERTY);
        if (given != null && !given.isBlank()) {
            long bytes = bytes(given);
            return new DeviceMemory(device, bytes, bytes);
        }
        if (gpu) {
            try {
                MemoryUsage usage = CudaUtils.getGpuMemory(Compute.djl(device));
                return new DeviceMemory(device, usage.getMax(), usage.getMax() - usage.getUsed());
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                return unknown(device); // CUDA's runtime not found by DJL although libtorch's is: nothing is refused
            }
        }
        return host();
    }

    /** A device whose memory cannot be asked: planned as unlimited. */
    public static DeviceMemory unknown(DeviceName device) {
        return new DeviceMemory(device, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** This machine's memory (the CPU's). */
    public static DeviceMemory host() {
        String given = System.getProperty(CPU_PROPERTY);
        if (given != null && !given.isBlank()) {
            long bytes = bytes(given);
            return new DeviceMemory(DeviceName.CPU, bytes, bytes);
        }
        long total = meminfo("MemTotal");
        long available = meminfo("MemAvailable");
        if (total < 0 || available < 0) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            total = os.getTotalMemorySize();
            available = os.getFreeMemorySize();
        }
        return new DeviceMemory(DeviceName.CPU, total, Math.min(available, total));
    }

    /** A field of /proc/meminfo in bytes, or -1 where there is none. */
    private static long meminfo(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: the caller asks the JVM
        }
        return -1;
    }

    /** "24GiB" (powers of 1024), "24GB" (powers of 1000), "24G" (as GiB), or bytes. */
    public static long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("a memory size is a number with KB, MB, GB, TB (or KiB ... TiB), got '"
                    + text + "'");
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        if (unit.equals("b")) {
            return (long) Double.parseDouble(m.group(1));
        }
        int power = "kmgt".indexOf(unit.charAt(0)) + 1;
        double base = unit.length() == 2 && unit.charAt(1) == 'b' ? 1000 : 1024;
        return (long) (Double.parseDouble(m.group(1)) * Math.pow(base, power));
    }
}
