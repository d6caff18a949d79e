package studio.magi.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    @Test
    void aShortBenchPrintsEveryFigureAsJson() throws Exception {
        Console c = Console.run("bench", "--model", Path.of("ckpt", "nano").toString(), "--chunks", "2", "--steps", "4",
                "--warmup", "0", "--memory-chunks", "1,2", "--skip-python", "--json");
        assertEquals(0, c.exit(), c.err());
        JsonNode json = new ObjectMapper().readTree(c.out());
        for (String key : List.of("fps", "first_chunk_ms", "chunk_ms", "memory_mb_1", "memory_mb_2", "kv_cache_speedup",
                "fp8_size_ratio", "threads", "vae_decode_ms")) {
            assertTrue(json.get(key).isNumber() && json.get(key).asDouble() > 0, key + " in " + c.out());
        }
        assertTrue(json.has("java_vs_pytorch") && json.get("java_vs_pytorch").isNull(), "skipped, so null");
        assertTrue(json.get("fp8_size_ratio").asDouble() < 1);
        JsonNode kernels = json.get("kernels");
        assertEquals("im2col-gemm", kernels.get("vae_pixel_head").asText(), c.out());
        assertEquals("passed", kernels.get("self_check").asText(), c.out());
        assertTrue(kernels.get("cpu").asText().length() > 0, "the CPU is named");
    }
}
