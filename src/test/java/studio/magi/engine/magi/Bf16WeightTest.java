package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.Compute;
import studio.magi.engine.DeviceName;

/**
 * Weights in their own precision: a bf16 checkpoint's large matrices stay on the device as their two bytes and are
 * widened per use, so a loaded model holds about half the bytes of the same weights in float32, computes the same
 * products, and its memory plan says what it holds. "Holds" is measured, not computed: the bytes of the arrays the
 * model's manager keeps after loading.
 */
class Bf16WeightTest {
    @TempDir
    Path dir;

    @Test
    void aBf16DitHoldsAboutHalfTheBytesOfItsFloat32TwinAndComputesTheSameVelocity() throws IOException {
        Compute.start();
        Path f32 = dir.resolve("f32");
        try (ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(ReferenceCheckpointTest.TINY.resolve("tiny_distill_config.json"));
                SafetensorsFile fixture = SafetensorsFile.open(ReferenceCheckpointTest.TINY.resolve(
                        "fixtures/dit_forward_tiny_distill.safetensors"));
                NDManager bf16 = NDManager.newBaseManager(Compute.djl(DeviceName.CPU), "PyTorch");
                NDManager float32 = NDManager.newBaseManager(Compute.djl(DeviceName.CPU), "PyTorch")) {
            rewrite(ckpt.weights(), f32.resolve("model.safetensors"), TensorType.F32);
            DitConfig c = DitConfig.ofReference(ckpt.config());
            VideoDit asStored = new VideoDit(c, ckpt.weights(), bf16);
            long held = heldBytes(bf16);
            try (WeightFile widened = WeightFile.open(f32, "model.safetensors", "model_config")) {
                VideoDit twin = new VideoDit(c, widened, float32);
                long heldFloat32 = heldBytes(float32);
                System.out.printf("tiny_distill's DiT holds %,d bytes as stored, %,d in float32 (%.2f; %,d parameters)%n",
                        held, heldFloat32, (double) held / heldFloat32, ckpt.parameters());
                // two bytes a weight for the matrices; the float32 gains and biases and the 256 KiB bf16 table on top
                assertTrue(held < 0.6 * heldFloat32, held + " bytes against " + heldFloat32);
                assertTrue(held - 4 * 65536 < 0.55 * 4 * ckpt.parameters(), held + " bytes");
                float[] velocity = ReferenceDitTest.forward(asStored, c, fixture, bf16, 16);
                assertArrayEquals(ReferenceDitTest.forward(twin, c, fixture, float32, 16), velocity,
                        "widening bf16 is exact: the same velocity to the bit");
            }
        }
    }

    @Test
    void theMemoryPlanSaysWhatTheLoadedDitHolds() {
        Compute.start();
        for (String name : List.of("tiny_base", "tiny_distill", "tiny_distill_quant", "tiny24_distill", "tiny24_distill_quant")) {
            try (ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(ReferenceCheckpointTest.TINY.resolve(name + "_config.json"));
                    NDManager m = NDManager.newBaseManager(Compute.djl(DeviceName.CPU), "PyTorch")) {
                long planned = MemoryPlans.reference(ckpt, DeviceName.CPU).model().dit();
                new VideoDit(DitConfig.ofReference(ckpt.config()), ckpt.weights(), m, ckpt.config()::quantizedLayer);
                assertEquals(planned, heldBytes(m), name);
            }
        }
    }

    @Test
    void aWeightWidenedInBlocksAcrossStackedPartsGivesTheFloatProduct() {
        Compute.start();
        Random r = new Random(3);
        int cols = 24;
        int[] rows = {5, 7, 4};
        try (NDManager m = NDManager.newBaseManager(Compute.djl(DeviceName.CPU), "PyTorch")) {
            NDArray table = Bf16Weight.table(m);
            float[] all = new float[16 * cols];
            List<Bf16Weight> parts = new java.util.ArrayList<>();
            int at = 0;
            for (int n : rows) {
                ByteBuffer bytes = ByteBuffer.allocate(2 * n * cols).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n * cols; i++) {
                    short bits = (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16);
                    bytes.putShort(bits);
                    all[at++] = Float.intBitsToFloat((bits & 0xFFFF) << 16);
                }
                parts.add(Bf16Weight.of(bytes.flip(), n, cols, table));
            }
            Bf16Weight w = Bf16Weight.stack(parts);
            NDArray x = m.randomNormal(new Shape(3, 2, cols));
            NDArray bias = m.randomNormal(new Shape(16));
            float[] expected = Ops.linear(x, Ops.floats(m, all, 16, cols), bias).toFloatArray();
            assertArrayEquals(expected, w.apply(x, bias).toFloatArray(), "in one block: the float product to the bit");
            // a product of fewer rows may sum in another order in libtorch's kernels: the same to float rounding
            assertArrayEquals(expected, w.apply(x, bias, 3L * cols).toFloatArray(), 1e-5f, "in blocks of 3 rows, across the parts");
            assertArrayEquals(expected, w.apply(x, bias, 1).toFloatArray(), 1e-5f, "a row at a time");
        }
    }

    /** The reference's T5 stored in bf16: its blocks' matrices held as stored, the same encoding as widened. */
    @Test
    void aBf16T5EncoderHoldsItsMatricesAsStoredAndEncodesTheSame() throws IOException {
        Compute.start();
        Path bf16 = dir.resolve("t5-bf16");
        Path f32 = dir.resolve("t5-f32");
        for (Path folder : List.of(bf16, f32)) {
            Files.createDirectories(folder);
            Files.copy(T5EncoderTest.T5.resolve("config.json"), folder.resolve("config.json"));
            Files.copy(T5EncoderTest.T5.resolve("spiece.model"), folder.resolve("spiece.model"));
        }
        try (WeightFile w = WeightFile.openFolder(T5EncoderTest.T5, "model", "the T5 encoder", "")) {
            rewrite(w, bf16.resolve("model.safetensors"), TensorType.BF16);
        }
        try (WeightFile w = WeightFile.openFolder(bf16, "model", "the T5 encoder", "")) {
            rewrite(w, f32.resolve("model.safetensors"), TensorType.F32);
            try (T5Encoder asStored = T5Encoder.load(bf16); T5Encoder widened = T5Encoder.load(f32);
                    NDManager m = NDManager.newBaseManager(Compute.djl(DeviceName.CPU), "PyTorch")) {
                long held = heldBytes(asStored.manager());
                long matrices = w.names().stream().filter(n -> n.matches(".*(SelfAttention\\.[qkvo]|wi_0|wi_1|wo)\\.weight"))
                        .mapToLong(n -> w.entry(n).elements()).sum();
                assertEquals(heldBytes(widened.manager()) - 2 * matrices + Float.BYTES * 65536, held,
                        "the blocks' matrices at two bytes a value instead of four, and the bf16 table");
                assertEquals(HeldWeights.t5(w), held, "the memory plan's T5");
                float[] a = asStored.encode("a red ball runs over the fence", 16, m).embedding().toFloatArray();
                float[] b = widened.encode("a red ball runs over the fence", 16, m).embedding().toFloatArray();
                assertArrayEquals(b, a, "widening bf16 is exact");
            }
        }
    }

    /** Bytes of the arrays a manager keeps: what a model loaded on it holds. */
    private static long heldBytes(NDManager m) {
        return m.getManagedArrays().stream().mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
    }

    /** Every tensor of the weights into one file, real tensors as {@code type} (F32, or BF16 rounded to nearest even). */
    private static void rewrite(WeightFile w, Path file, TensorType type) throws IOException {
        Files.createDirectories(file.getParent());
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        Map<String, byte[]> data = new LinkedHashMap<>();
        long offset = 0;
        for (String name : w.names()) {
            TensorEntry e = w.entry(name);
            float[] values = w.floats(name, e.shape());
            ByteBuffer b = ByteBuffer.allocate(values.length * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                if (type == TensorType.F32) {
                    b.putFloat(v);
                } else {
                    b.putShort((short) (Float.floatToRawIntBits(Ops.bf16(new float[] {v})[0]) >>> 16));
                }
            }
            entries.put(name, new TensorEntry(name, type, e.shape(), offset, offset + b.capacity()));
            data.put(name, b.array());
            offset += b.capacity();
        }
        byte[] header = SafetensorsHeaders.write(entries);
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header);
        data.values().forEach(out::put);
        Files.write(file, out.array());
    }
}
