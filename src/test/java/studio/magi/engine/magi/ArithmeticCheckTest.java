package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import studio.magi.engine.DeviceName;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.magi.engine.CpuInfo;
import studio.magi.engine.SelfCheck;

/** The load-time known-answer test keeps a pixel-head path that draws right, and never one that draws wrong. */
class ArithmeticCheckTest {
    private static MagiModel model;
    private static PixelHead gemm;
    private static PixelHead torch;

    @BeforeAll
    static void load() {
        model = MagiModel.load(Fixture.CHECKPOINT, false, DeviceName.CPU);
        gemm = VideoVae.preferred(GemmHead.NAME, model.vae().heads().toArray(PixelHead[]::new)).get(0);
        torch = VideoVae.preferred(TorchConvHead.NAME, model.vae().heads().toArray(PixelHead[]::new)).get(0);
    }

    @AfterAll
    static void unload() {
        model.close();
    }

    @AfterEach
    void restore() {
        model.vae().use(gemm);
    }

    @Test
    void theModelCheckedItsDecoderAsItLoadedAndDrawsWithTheGemmPath() {
        SelfCheck check = model.selfCheck();
        assertNull(check.skipped(), check.summary());
        assertEquals(GemmHead.NAME, check.paths().get(ArithmeticCheck.PIXEL_HEAD));
        assertEquals(GemmHead.NAME, model.vae().head().name());
        assertTrue(check.rejected().isEmpty(), check.summary());
        assertTrue(check.results().get(0).startsWith("VAE decoder (im2col-gemm): max abs diff"), check.results().toString());
        assertEquals(CpuInfo.describe(), check.cpu());
    }

    @Test
    void aPathThatDrawsAGridIsRejectedInOneLineAndTheNextOneDraws() {
        SelfCheck check = ArithmeticCheck.run(model, List.of(grid(torch), gemm), true);
        assertEquals(GemmHead.NAME, check.paths().get(ArithmeticCheck.PIXEL_HEAD));
        assertEquals(1, check.rejected().size());
        String line = check.rejected().get(0);
        assertFalse(line.contains("\n"));
        assertTrue(line.contains("VAE decoder on path grid") && line.contains(CpuInfo.describe()) && line.contains("max abs diff 0.5"),
                line);
        try (Fixture f = Fixture.open("vae"); NDManager m = model.manager().newSubManager()) {
            f.assertClose("decoded", model.vae().decode(f.array(m, "latent_mean")));
        }
    }

    @Test
    void withNoPathThatDrawsRightTheModelRefusesToLoad() {
        WrongArithmeticException e = assertThrows(WrongArithmeticException.class,
                () -> ArithmeticCheck.run(model, List.of(grid(gemm), grid(torch)), true));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().startsWith("the VAE decoder computes wrong pixels on this CPU, " + CpuInfo.describe()), e.getMessage());
        assertTrue(e.getMessage().contains("on every path (grid, grid)"), e.getMessage());
    }

    @Test
    void aVaeFromAnotherFileThanTheFixturesIsNotCheckedAndDrawsWithTheFirstPath() {
        SelfCheck check = ArithmeticCheck.run(model, List.of(torch, gemm), false);
        assertEquals("the VAE is not the checkpoint's own", check.skipped());
        assertEquals(TorchConvHead.NAME, model.vae().head().name());
    }

    @Test
    void thePathPropertyPutsThePathItNamesFirst() {
        assertEquals(List.of(torch, gemm), VideoVae.preferred(TorchConvHead.NAME, gemm, torch));
        assertEquals(List.of(gemm, torch), VideoVae.preferred(GemmHead.NAME, gemm, torch));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VideoVae.preferred("onednn", gemm, torch));
        assertTrue(e.getMessage().contains("[im2col-gemm, libtorch-conv]"), e.getMessage());
    }

    /** A path with the symptom of issue 20: the frames of {@code right} with every eighth pixel column tinted purple. */
    private static PixelHead grid(PixelHead right) {
        return new PixelHead() {
            @Override
            public String name() {
                return "grid";
            }

            @Override
            public NDArray draw(NDArray tokens, long b, long g) {
                NDArray frames = right.draw(tokens, b, g);
                int width = (int) frames.getShape().get(3);
                float[] tint = new float[width * 3];
                for (int x = 0; x < width; x += 8) {
                    tint[3 * x] = 0.5f;
                    tint[3 * x + 2] = 0.5f;
                }
                return frames.add(frames.getManager().create(tint, new Shape(width, 3)));
            }
        };
    }
}
