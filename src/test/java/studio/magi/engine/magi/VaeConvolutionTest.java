package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import studio.magi.engine.CpuInfo;
import studio.magi.engine.DeviceName;

/**
 * The smallest repro of issue 20: one 3x3 "same" convolution at the shapes of the VAE decoder's pixel head (a chunk
 * of 24 frames of 32x32; 16 -> 24 channels from maps unpatchified by reshape, transpose and reshape, then 24 -> 3),
 * against a plain-Java convolution. On a 2-core AMD EPYC with avx512_bf16 and no AMX, the decoder drew frames 0.96 off
 * with libtorch's convolution under oneDNN's AVX-512 kernels (ONEDNN_MAX_CPU_ISA AVX512_CORE, AVX512_CORE_BF16 or
 * none) and right under SSE41, AVX2 or AVX2_VNNI; on an Intel Xeon with AMX it is right under every cap. The build
 * runs this class under each cap (pom.xml, the isa-* executions).
 */
class VaeConvolutionTest {
    private static final double TOLERANCE = 1e-4;
    private static final int FRAMES = 24;
    private static final int SIDE = 32;

    private static NDManager m;
    private static List<Case> cases;

    @BeforeAll
    static void open() {
        m = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        cases = List.of(new Case(16, 24, 1), new Case(24, 3, 2));
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void theGemmConvolutionMatchesPlainJavaAtTheDecodersShapes() {
        for (Case c : cases) {
            // channels-last as the gemm head keeps its maps; here a strided view of the NCHW maps
            NDArray out = new GemmConv(c.w, c.b).apply(c.x.transpose(0, 2, 3, 1)).transpose(0, 3, 1, 2);
            double worst = c.worst(out);
            assertTrue(worst <= TOLERANCE, c + ": max abs diff " + worst);
        }
    }

    /**
     * libtorch's own convolution is the fallback path: where it is wrong, as on the CPU of issue 20, the load-time
     * check must not keep it even when it is asked for first.
     */
    @Test
    void libtorchsConvolutionIsRightOrTheLoadCheckRejectsIt(TestReporter report) {
        double worst = 0;
        for (Case c : cases) {
            worst = Math.max(worst, c.worst(Ops.conv2d(c.x, c.w, c.b)));
        }
        report.publishEntry("libtorch conv2d at the decoder's shapes", "max abs diff " + worst + " on " + CpuInfo.describe());
        if (worst > TOLERANCE) {
            try (MagiModel model = MagiModel.load(Fixture.CHECKPOINT, false, DeviceName.CPU)) {
                VideoVae vae = model.vae();
                PixelHead[] heads = vae.heads().toArray(PixelHead[]::new);
                ArithmeticCheck.run(model, VideoVae.preferred(TorchConvHead.NAME, heads), true);
                assertEquals(GemmHead.NAME, vae.head().name(), "libtorch's convolution is wrong here, and was kept");
            }
        }
    }

    /** Random maps [24, C, 32, 32] made as the decoder makes them, a kernel [O, C, 3, 3], a bias, and the right answer. */
    private static final class Case {
        final NDArray x;
        final NDArray w;
        final NDArray b;
        final float[] expected;

        Case(int in, int out, long seed) {
            Random r = new Random(seed);
            int s = 4;
            int g = FRAMES / 4;
            int h = SIDE / s;
            // tokens [G, h*w, T*s*s*C] unpatchified like TorchConvHead does: a contiguous copy of a permuted view
            float[] tokens = uniform(r, g * h * h * 4 * s * s * in, 1);
            x = m.create(tokens, new Shape(g, h, h, 4, s, s, in)).transpose(0, 3, 6, 1, 4, 2, 5)
                    .reshape(FRAMES, in, SIDE, SIDE);
            float[] kernel = uniform(r, out * in * 9, (float) (1 / Math.sqrt(in * 9)));
            float[] bias = uniform(r, out, 0.1f);
            w = m.create(kernel, new Shape(out, in, 3, 3));
            b = m.create(bias, new Shape(out));
            expected = convolve(x.toFloatArray(), in, kernel, bias, out);
        }

        double worst(NDArray actual) {
            assertEquals(new Shape(FRAMES, expected.length / FRAMES / SIDE / SIDE, SIDE, SIDE), actual.getShape());
            return Fixture.maxAbsDiff(expected, actual.toFloatArray());
        }

        @Override
        public String toString() {
            return x.getShape() + " (*) " + w.getShape();
        }
    }

    private static float[] uniform(Random r, int n, float scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (r.nextFloat() * 2 - 1) * scale;
        }
        return out;
    }

    /** x [N, C, S, S] (*) k [O, C, 3, 3] + b, zero padding of one, in double. */
    private static float[] convolve(float[] x, int in, float[] k, float[] b, int out) {
        float[] y = new float[FRAMES * out * SIDE * SIDE];
        for (int n = 0; n < FRAMES; n++) {
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < SIDE; i++) {
                    for (int j = 0; j < SIDE; j++) {
                        double sum = b[o];
                        for (int c = 0; c < in; c++) {
                            for (int dy = -1; dy <= 1; dy++) {
                                for (int dx = -1; dx <= 1; dx++) {
                                    int yy = i + dy;
                                    int xx = j + dx;
                                    if (yy >= 0 && yy < SIDE && xx >= 0 && xx < SIDE) {
                                        sum += (double) x[((n * in + c) * SIDE + yy) * SIDE + xx]
                                                * k[((o * in + c) * 3 + dy + 1) * 3 + dx + 1];
                                    }
                                }
                            }
                        }
                        y[((n * out + o) * SIDE + i) * SIDE + j] = (float) sum;
                    }
                }
            }
        }
        return y;
    }
}
