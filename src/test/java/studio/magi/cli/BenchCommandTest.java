package studio.magi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.magi.engine.Compute;

class BenchCommandTest {
    private static final Path MODEL = Path.of("ckpt", "nano");

    @Test
    void aShortBenchPrintsFiguresThatAgreeWithEachOtherAndWithItsArguments() throws Exception {
        Console c = Console.run("bench", "--model", MODEL.toString(), "--chunks", "2", "--steps", "4",
                "--warmup", "0", "--memory-chunks", "1,2", "--skip-python", "--json");
        assertEquals(0, c.exit(), c.err());
        JsonNode json = new ObjectMapper().readTree(c.out());
        for (String key : List.of("fps", "first_chunk_ms", "chunk_ms", "first_chunk_ms_cold", "memory_mb_1", "memory_mb_2",
                "kv_cache_speedup", "fp8_size_ratio", "threads", "vae_decode_ms")) {
            assertTrue(json.get(key).isNumber() && json.get(key).asDouble() > 0, key + " in " + c.out());
        }
        JsonNode work = json.get("work");
        assertEquals(2, work.get("chunks").asInt());
        assertEquals(4, work.get("steps").asInt());
        assertEquals(Runtime.getRuntime().availableProcessors(), work.get("cores").asInt());
        assertEquals(Compute.threads(), json.get("threads").asInt());
        List<String> memory = new ArrayList<>();
        json.fieldNames().forEachRemaining(k -> {
            if (k.startsWith("memory_mb_")) {
                memory.add(k);
            }
        });
        assertEquals(List.of("memory_mb_1", "memory_mb_2"), memory, "one peak per --memory-chunks length");
        assertTrue(json.get("java_vs_pytorch").isNull() && work.get("pytorch_seconds").isNull(), "skipped, so null");

        // Each figure is printed rounded (fps to 0.1, ms to 0.1, seconds to 0.001, ratios to 0.001): the tolerances.
        double seconds = work.get("java_seconds").asDouble();
        double totalMs = 1000 * seconds;
        double fps = 2 * 24 / seconds;
        assertEquals(fps, json.get("fps").asDouble(), 0.05 + fps * 0.0005 / seconds + 1e-9, "fps is 2 chunks of 24 frames over java_seconds");
        double first = json.get("first_chunk_ms").asDouble();
        assertTrue(first <= totalMs + 0.55, "the first chunk arrived within the run: " + first + " of " + totalMs + " ms");
        // With two chunks the median of the two gaps is half the second arrival, which lies between the first and the end.
        double median = json.get("chunk_ms").asDouble();
        assertTrue(first / 2 - 0.1 <= median && median <= totalMs / 2 + 0.35, median + " ms between " + first / 2 + " and " + totalMs / 2);
        double recomputing = work.get("recomputing_seconds").asDouble();
        double speedup = recomputing / seconds;
        assertEquals(speedup, json.get("kv_cache_speedup").asDouble(), 0.0005 + speedup * (0.0005 / recomputing + 0.0005 / seconds) + 1e-9);

        double fp8 = (double) Files.size(MODEL.resolve("model-fp8.safetensors")) / Files.size(MODEL.resolve("model.safetensors"));
        assertEquals(fp8, json.get("fp8_size_ratio").asDouble(), 0.0005 + 1e-9, "the checkpoint files' sizes");
        // A peak resident set holds at least the DiT's weights the probe loaded.
        double weightsMb = Files.size(MODEL.resolve("model.safetensors")) / (1024.0 * 1024.0);
        for (String key : memory) {
            assertTrue(json.get(key).asDouble() > weightsMb, key + " " + json.get(key) + " MiB, weights " + weightsMb + " MiB");
        }

        JsonNode kernels = json.get("kernels");
        assertEquals("im2col-gemm", kernels.get("vae_pixel_head").asText(), c.out());
        assertEquals("passed", kernels.get("self_check").asText(), c.out());
        assertTrue(kernels.get("cpu").asText().length() > 0, "the CPU is named");
    }
}
