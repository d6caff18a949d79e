package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import studio.magi.engine.CpuInfo;
import studio.magi.engine.SelfCheck;

/**
 * The known-answer test a model runs as it loads: the smallest case of the checkpoint's VAE fixture (one latent
 * frame decoded to four frames, a few milliseconds) through this CPU's kernels, on each path of the decoder's pixel
 * head until one agrees. A rejected path is reported in one line; with none left the load stops, because a wrong
 * kernel draws wrong frames (issue 20: oneDNN's AVX-512 convolution drew a purple-brown grid on an AMD EPYC) and no
 * render is better than a wrong one. The rest of the model has one path each; the parity tests check those under
 * every oneDNN ISA cap.
 */
final class ArithmeticCheck {
    /** Ten times the parity tests' 1e-4: rounding differs between CPUs' kernels; one 8-bit level is 7.8e-3. */
    static final double TOLERANCE = 1e-3;
    static final String PIXEL_HEAD = "vae_pixel_head";
    private static final String FIXTURE = "vae";

    private ArithmeticCheck() {
    }

    /**
     * Sets the VAE's pixel head to the first of {@code heads} that decodes the fixture right, or to the first when
     * there is nothing to check against (no fixtures, or a VAE from another file than the one they were made with).
     * Throws {@link WrongArithmeticException} when no path agrees.
     */
    static SelfCheck run(MagiModel model, List<PixelHead> heads, boolean ownVae) {
        String cpu = CpuInfo.describe();
        VideoVae vae = model.vae();
        vae.use(heads.get(0));
        Path index = model.config().folder().resolve("fixtures").resolve("index.json");
        if (!ownVae) {
            return SelfCheck.skipped(cpu, Map.of(PIXEL_HEAD, vae.head().name()), "the VAE is not the checkpoint's own");
        }
        JsonNode entry = Files.isRegularFile(index) ? read(index).get(FIXTURE) : null;
        if (entry == null) {
            return SelfCheck.skipped(cpu, Map.of(PIXEL_HEAD, vae.head().name()), "no VAE fixture in the checkpoint");
        }
        String file = entry.get("file").asText();
        long start = System.nanoTime();
        List<String> results = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        double worst = Double.NaN;
        try (SafetensorsFile f = SafetensorsFile.open(index.resolveSibling(file))) {
            for (PixelHead h : heads) {
                vae.use(h);
                long t0 = System.nanoTime();
                worst = firstLatentFrame(model, f);
                results.add(String.format(Locale.ROOT, "VAE decoder (%s): max abs diff %.2g (%.1f ms)", h.name(), worst,
                        (System.nanoTime() - t0) / 1e6));
                if (worst <= TOLERANCE) {
                    return new SelfCheck(cpu, Map.of(PIXEL_HEAD, h.name()), results, rejected, (System.nanoTime() - start) / 1e6, null);
                }
                String why = wrong("VAE decoder on path " + h.name(), cpu, worst, file);
                rejected.add(why);
                System.err.println("magi self-check: " + why + "; trying the next path");
            }
        }
        throw new WrongArithmeticException(wrong("VAE decoder", cpu, worst, file) + " on every path ("
                + String.join(", ", heads.stream().map(PixelHead::name).toList())
                + "); the model does not load rather than render wrong frames");
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String wrong(String part, String cpu, double worst, String file) {
        return String.format(Locale.ROOT, "the %s computes wrong pixels on this CPU, %s: max abs diff %.3g from fixtures/%s"
                + " (tolerance %.0e)", part, cpu, worst, file, TOLERANCE);
    }

    /** The worst difference of the first latent frame's four decoded frames; NaN or a wrong size counts as infinite. */
    private static double firstLatentFrame(MagiModel model, SafetensorsFile f) {
        int frames = model.config().vae().temporalFactor();
        try (NDManager m = model.manager().newSubManager()) {
            NDArray latent = m.create(f.floats("latent_mean"), new Shape(f.entry("latent_mean").shape())).get(":, :, 0:1");
            float[] got = model.vae().decode(latent).toFloatArray();
            float[] decoded = f.floats("decoded");
            float[] expected = Arrays.copyOf(decoded, decoded.length / (int) f.entry("decoded").shape()[1] * frames);
            if (got.length != expected.length) {
                return Double.POSITIVE_INFINITY;
            }
            double max = 0;
            for (int i = 0; i < got.length; i++) {
                double d = Math.abs((double) expected[i] - got[i]);
                if (Double.isNaN(d)) {
                    return Double.POSITIVE_INFINITY;
                }
                max = Math.max(max, d);
            }
            return max;
        }
    }
}
