package studio.magi.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * This machine's CPU as diagnostics name it: its model and the vector extensions that decide which of libtorch's
 * (oneDNN's) kernels run, and the ONEDNN_MAX_CPU_ISA cap when one is set. A wrong kernel is wrong on some CPUs only,
 * so a report of one must say which.
 */
public final class CpuInfo {
    /** The cap oneDNN reads once, at its first kernel. */
    public static final String ISA_CAP = "ONEDNN_MAX_CPU_ISA";
    private static final List<String> FLAGS = List.of("avx2", "avx512f", "avx512_bf16", "amx_bf16");

    private CpuInfo() {
    }

    /** E.g. "AMD EPYC 9R14 (avx2 avx512f avx512_bf16), ONEDNN_MAX_CPU_ISA=AVX512_CORE". */
    public static String describe() {
        String cpuinfo;
        try {
            cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            cpuinfo = "";
        }
        return describe(cpuinfo, System.getenv(ISA_CAP), System.getProperty("os.arch"));
    }

    static String describe(String cpuinfo, String isaCap, String arch) {
        String model = field(cpuinfo, "model name");
        List<String> flags = new ArrayList<>();
        List<String> present = Arrays.asList(field(cpuinfo, "flags").split(" "));
        for (String f : FLAGS) {
            if (present.contains(f)) {
                flags.add(f);
            }
        }
        String out = (model.isEmpty() ? arch : model) + (flags.isEmpty() ? "" : " (" + String.join(" ", flags) + ")");
        return isaCap == null || isaCap.isBlank() ? out : out + ", " + ISA_CAP + "=" + isaCap;
    }

    /** The first "name : value" line's value, or "". */
    private static String field(String cpuinfo, String name) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }
}
