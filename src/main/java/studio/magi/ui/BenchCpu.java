package studio.magi.ui;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the FX thread (the one that calls {@link #start}) and of JavaFX's renderer thread, in all and pulse by
 * pulse: what each spent between two pulses. On a machine busy with other work the gaps between pulses grow; these
 * do not, so they measure what the studio itself asks of the two threads.
 */
final class BenchCpu {
    private final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    private final List<Double> fxPulses = new ArrayList<>();
    private final List<Double> rendererPulses = new ArrayList<>();
    private long fx;
    private long renderer = -1;
    private long fxStart;
    private long rendererStart;
    private long fxLast;
    private long rendererLast;

    void start() {
        fx = Thread.currentThread().getId();
        renderer = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("QuantumRenderer"))
                .mapToLong(Thread::getId).findFirst().orElse(-1);
        fxPulses.clear();
        rendererPulses.clear();
        fxStart = bean.getThreadCpuTime(fx);
        rendererStart = rendererNanos();
        fxLast = fxStart;
        rendererLast = rendererStart;
    }

    /** Called at each pulse: the CPU each thread spent since the one before. */
    void pulse() {
        long f = bean.getThreadCpuTime(fx);
        long r = rendererNanos();
        fxPulses.add((f - fxLast) / 1e6);
        rendererPulses.add((r - rendererLast) / 1e6);
        fxLast = f;
        rendererLast = r;
    }

    double fxMillis() {
        return (bean.getThreadCpuTime(fx) - fxStart) / 1e6;
    }

    double rendererMillis() {
        return (rendererNanos() - rendererStart) / 1e6;
    }

    /** {@code PREFIX_fx_cpu_per_pulse_mean_ms}, {@code _p99_ms}, {@code _max_ms}, and the same of the renderer. */
    Map<String, Object> perPulse(String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        describe(prefix + "fx_cpu_per_pulse", fxPulses, out);
        describe(prefix + "renderer_cpu_per_pulse", rendererPulses, out);
        return out;
    }

    private long rendererNanos() {
        return renderer < 0 ? 0 : bean.getThreadCpuTime(renderer);
    }

    private static void describe(String name, List<Double> values, Map<String, Object> out) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        out.put(name + "_mean_ms", Math.round(mean * 100) / 100.0);
        out.put(name + "_p99_ms", sorted.isEmpty() ? 0 : StudioBench.round(sorted.get((int) Math.floor(0.99 * (sorted.size() - 1)))));
        out.put(name + "_max_ms", sorted.isEmpty() ? 0 : StudioBench.round(sorted.get(sorted.size() - 1)));
    }
}
