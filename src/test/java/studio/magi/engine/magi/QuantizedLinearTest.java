package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;

/**
 * The reference's own fp8 linears (training/magi_nano/reference_fp8.py ran dit_module.py's
 * PerTensorQuantizedFp8Linear and PerChannelQuantizedFp8Linear on layer 1 of tiny_distill_quant, with e4m3 and
 * bmm_fp8 interpreted as its docstring lists) against {@link QuantizedLinear} on the same tensors and inputs.
 */
class QuantizedLinearTest {
    private static final String LAYER = "videodit_blocks.layers.1.";

    @Test
    void theSevenFp8LinearsOfALayerMatchTheReferences() {
        Compute.start();
        Map<String, String> bases = Map.of("q", "self_attention.linear_qkv.q", "k", "self_attention.linear_qkv.k",
                "v", "self_attention.linear_qkv.v", "qx", "self_attention.linear_qkv.qx", "fc1", "mlp.linear_fc1",
                "proj", "self_attention.linear_proj", "fc2", "mlp.linear_fc2");
        try (NDManager m = NDManager.newBaseManager(Compute.djl(DeviceName.CPU), "PyTorch");
                ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(ReferenceCheckpointTest.TINY.resolve("tiny_distill_quant_config.json"));
                SafetensorsFile f = SafetensorsFile.open(ReferenceCheckpointTest.TINY.resolve("fixtures/reference_fp8_linears.safetensors"))) {
            double worst = 0;
            for (Map.Entry<String, String> e : bases.entrySet()) {
                long[] xs = f.entry(e.getKey() + ".x").shape();
                long[] ys = f.entry(e.getKey() + ".y").shape();
                boolean perChannel = e.getKey().equals("proj") || e.getKey().equals("fc2");
                try (QuantizedLinear linear = QuantizedLinear.load(ckpt.weights(), LAYER + e.getValue(), (int) ys[1],
                        (int) xs[1], perChannel, 1, m)) {
                    NDArray x = m.create(f.floats(e.getKey() + ".x"), new Shape(xs));
                    NDArray y = linear.apply(x);
                    // widened in blocks of 20 rows of 128 or 256: the same product
                    assertEquals(0.0, Fixture.maxAbsDiff(y.toFloatArray(), linear.apply(x, 20 * xs[1]).toFloatArray()));
                    double diff = Fixture.maxAbsDiff(f.floats(e.getKey() + ".y"), y.toFloatArray());
                    System.out.printf("fp8 %s: largest difference %.3g%n", e.getKey(), diff);
                    worst = Math.max(worst, diff);
                }
            }
            assertTrue(worst <= Fixture.TOLERANCE, "largest difference " + worst);
        }
    }

    /**
     * The 24B's gated MLP in fp8 (tiny24_distill_quant's layer 1: fc1's 2 x ffn rows per-tensor, fc2 per-channel)
     * against the reference's own CustomMLP with reference_fp8.py's interpretations and reference_harness.py's
     * silu_and_mul.
     */
    @Test
    void theGatedFp8MlpOfThe24bMatchesTheReferences() {
        Compute.start();
        try (NDManager m = NDManager.newBaseManager(Compute.djl(DeviceName.CPU), "PyTorch");
                ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(ReferenceCheckpointTest.TINY.resolve("tiny24_distill_quant_config.json"));
                SafetensorsFile f = SafetensorsFile.open(ReferenceCheckpointTest.TINY.resolve("fixtures/reference_fp8_mlp24.safetensors"))) {
            DitConfig c = DitConfig.ofReference(ckpt.config());
            DitLayer layer = new DitLayer(c, ckpt.weights(), m, 1, true);
            NDArray y = layer.mlp(m.create(f.floats("x"), new Shape(f.entry("x").shape())));
            double diff = Fixture.maxAbsDiff(f.floats("y"), y.toFloatArray());
            System.out.printf("fp8 gated MLP (24B layout): largest difference %.3g%n", diff);
            assertTrue(diff <= Fixture.TOLERANCE, "largest difference " + diff);
        }
    }

    @Test
    void activationsRoundToTheNearestE4m3ValueTiesToEven() {
        Compute.start();
        try (NDManager m = NDManager.newBaseManager(Compute.djl(DeviceName.CPU), "PyTorch")) {
            // 1.0625 lies half way between 1 (code 0x38, even) and 1.125: down; 1.1875 between 1.125 and 1.25 (even): up
            float[] in = {1.0625f, 1.1875f, -1.0625f, 447f, 0.0009765625f, 0.0029296875f, 300f, 0f, 17f};
            float[] want = {1f, 1.25f, -1f, 448f, 0f, 0.00390625f, 288f, 0f, 16f};
            float[] got = QuantizedLinear.roundToE4m3(m.create(in)).toFloatArray();
            for (int i = 0; i < in.length; i++) {
                assertEquals(want[i], got[i], 0f, "e4m3 of " + in[i]);
            }
            // bf16 keeps 8 significant bits: 1 + 2^-8 ties to 1 (even), 1 + 3 * 2^-8 to 1 + 2^-6, 300.7 to 300
            float[] wide = {1.00390625f, 1.01171875f, 300.7f, -0.1f, 447.9f};
            float[] bf16 = Ops.bf16(wide.clone());
            assertEquals(java.util.Arrays.toString(bf16), java.util.Arrays.toString(QuantizedLinear.roundToBf16(m.create(wide)).toFloatArray()));
        }
    }
}
