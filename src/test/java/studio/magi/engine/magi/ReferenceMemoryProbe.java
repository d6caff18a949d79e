package studio.magi.engine.magi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import studio.magi.engine.ChunkPipeline;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;
import studio.magi.engine.GenerationRequest;
import studio.magi.engine.Start;

/**
 * Measures the process's resident memory for a reference checkpoint: after loading, and its peak while rendering 2
 * chunks at 8 steps. Not part of the build (its name is not a test's); one config per JVM, given by
 * {@code -Dprobe.config=CONFIG.json}, e.g. those of training/magi_nano/reference_memory_ckpt.py:
 * {@code mvn -o test -Dtest=ReferenceMemoryProbe -Dprobe.config=/tmp/refmem/big_distill_quant_config.json}.
 * Resident sizes are VmRSS and VmHWM of /proc/self/status, the high-water mark reset through /proc/self/clear_refs
 * before loading, less the resident size before it (the JVM and libtorch). It also prints a CRC-32 of the frames and
 * of the clean latents' float bits, so two builds' renders can be compared bit for bit.
 */
class ReferenceMemoryProbe {
    @Test
    void residentMemoryOfAReferenceCheckpoint() throws IOException {
        Path config = Path.of(System.getProperty("probe.config"));
        Compute.start();
        System.gc();
        long before = status("VmRSS:");
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        long start = System.nanoTime();
        try (ReferenceModel m = ReferenceModel.load(config, DeviceName.CPU)) {
            long loaded = status("VmHWM:");
            long rendering = System.nanoTime();
            var request = GenerationRequest.of(List.of("a red circle", "a red circle"), m.defaults().withSteps(8),
                    new Start.Text());
            CRC32 frames = new CRC32();
            CRC32 latents = new CRC32();
            new ChunkPipeline(m).generate(request, chunk -> {
                frames.update(chunk.frames().bytes());
                for (float v : chunk.latent().values()) {
                    latents.update(ByteBuffer.allocate(4).putFloat(v).array());
                }
            }, () -> false);
            long peak = status("VmHWM:");
            System.out.printf("%s: before %d MiB; peak while loading +%d MiB; peak while rendering +%d MiB;"
                    + " loading %.1f s, rendering %.1f s; frames CRC-32 %08x, latents CRC-32 %08x%n", config.getFileName(),
                    before >> 10, (loaded - before) >> 10, (peak - before) >> 10, (rendering - start) / 1e9,
                    (System.nanoTime() - rendering) / 1e9, frames.getValue(), latents.getValue());
        }
    }

    /** A field of /proc/self/status, in KiB. */
    private static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("/proc/self/status has no " + field);
    }
}
