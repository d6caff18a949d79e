package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;

/**
 * Measures the peak memory of one self-attention call of one 720p chunk of the 4.5B (12,150 tokens, head 128, 3
 * query heads per key group), dense and tiled, on the CPU. Not part of the build (its name is not a test's): run it
 * with {@code mvn -o test -Dtest=AttentionMemoryProbe} (minutes). The peak is the process's resident high-water mark
 * (VmHWM, reset before each call through /proc/self/clear_refs) less its resident size before the call, so it counts
 * what the call itself touched: scores, softmax, output. The 24-head dense call (28 GB of scores and softmax) does
 * not fit this machine's 23 GB; dense runs at 3 and 6 heads, tiled at 3, 6 and 24.
 */
class AttentionMemoryProbe {
    private static final int TOKENS = 12_150;
    private static final int HEAD_DIM = 128;
    private static final int REP = 3;

    @Test
    void peakMemoryOfOneAttentionCall() throws IOException {
        Compute.start();
        System.out.printf("%-6s %5s %12s %10s%n", "path", "heads", "peak (MB)", "time (s)");
        for (int heads : new int[] {3, 6}) {
            measure("dense", heads, Attention.dense(null));
        }
        for (int heads : new int[] {3, 6, 24}) {
            measure("tiled", heads, Attention.tiled(new int[][] {{0}}, AttentionPolicy.DEFAULT_TILE));
        }
    }

    private static void measure(String path, int heads, Attention attention) throws IOException {
        try (NDManager m = NDManager.newBaseManager(Compute.djl(DeviceName.CPU), "PyTorch")) {
            int groups = heads / REP;
            m.getEngine().setRandomSeed(1);
            NDArray q = m.randomNormal(new Shape(1, TOKENS, heads, HEAD_DIM)).mul(0.09f);
            NDArray k = m.randomNormal(new Shape(1, groups, TOKENS, HEAD_DIM));
            NDArray v = m.randomNormal(new Shape(1, groups, TOKENS, HEAD_DIM));
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            long before = status("VmRSS");
            long start = System.nanoTime();
            NDArray out = attention.self(q, k, v, List.of(), List.of(), 1);
            out.getFloat(0, 0, 0);
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = status("VmHWM") - before;
            System.out.printf("%-6s %5d %12.0f %10.1f%n", path, heads, peak / 1e6, seconds);
        }
    }

    /** A field of /proc/self/status in bytes. */
    private static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("no " + field + " in /proc/self/status");
    }
}
