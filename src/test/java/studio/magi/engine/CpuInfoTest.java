package studio.magi.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CpuInfoTest {
    private static final String EPYC = String.join("\n",
            "processor\t: 0",
            "vendor_id\t: AuthenticAMD",
            "model name\t: AMD EPYC 9R14 96-Core Processor",
            "flags\t\t: fpu sse4_1 avx2 avx512f avx512bw avx512_bf16 avx512_vnni",
            "",
            "processor\t: 1",
            "model name\t: AMD EPYC 9R14 96-Core Processor");

    @Test
    void namesTheModelTheKernelPickingExtensionsAndTheCap() {
        assertEquals("AMD EPYC 9R14 96-Core Processor (avx2 avx512f avx512_bf16), ONEDNN_MAX_CPU_ISA=AVX512_CORE",
                CpuInfo.describe(EPYC, "AVX512_CORE", "amd64"));
        assertEquals("AMD EPYC 9R14 96-Core Processor (avx2 avx512f avx512_bf16)", CpuInfo.describe(EPYC, null, "amd64"));
    }

    @Test
    void withoutProcCpuinfoItNamesTheArchitecture() {
        assertEquals("aarch64", CpuInfo.describe("", "", "aarch64"));
    }
}
