package studio.magi.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import studio.magi.engine.ChunkPipeline;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;
import studio.magi.engine.SamplerSettings;
import studio.magi.engine.magi.MagiModel;

/**
 * Run by `./magi bench` in a child JVM: loads the model, generates the given chunks, prints the process's peak
 * resident memory in MiB (VmHWM). Arguments: model folder, chunks, steps, window, cfg_number, threads.
 */
public final class MemoryProbe {
    private MemoryProbe() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        int chunks = Integer.parseInt(args[1]);
        Compute.useThreads(Integer.parseInt(args[5]));
        try (MagiModel model = MagiModel.load(folder, false, DeviceName.CPU)) {
            SamplerSettings settings = model.defaults().withSteps(Integer.parseInt(args[2])).withWindow(Integer.parseInt(args[3]))
                    .withCfgNumber(Integer.parseInt(args[4]));
            EngineRun.time(new ChunkPipeline(model), settings, chunks);
        }
        System.out.println(peakMegabytes());
    }

    /** VmHWM of /proc/self/status, in MiB. */
    static double peakMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("/proc/self/status has no VmHWM");
    }
}
