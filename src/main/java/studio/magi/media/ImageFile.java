package studio.magi.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * One picture file (PNG, JPEG, anything ImageIO reads), decoded whole or refused. {@code ImageIO.read} fills what a
 * cut-off JPEG lacks with grey and says so only to a warning listener, and stops a PNG at its last pixel row without
 * reading on to the end marker; here a warning, or a file that ends before its end marker, refuses the picture.
 */
public final class ImageFile {
    /**
     * The most pixels a picture may have (8192 x 8192): decoding holds it about three times over (the decoder's
     * raster, ARGB ints, RGB bytes), some 640 MB at this size.
     */
    public static final long MAX_PIXELS = 8192L * 8192L;
    /** Bytes a pixel takes while it is decoded and converted (see {@link #MAX_PIXELS}). */
    private static final long BYTES_PER_PIXEL = 3 + 4 + 3;

    private ImageFile() {
    }

    public static Frame read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MediaException(file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        if (!Files.isReadable(file)) {
            throw new MediaException(file + ": not readable");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new MediaException(file + ": not a picture this program reads (PNG, JPEG, GIF, BMP, TIFF)");
            }
            ImageReader reader = readers.next();
            try {
                return Frame.of(decode(reader, in, file));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof MediaException m) {
                throw m;
            }
            throw new MediaException(file + ": the picture cannot be decoded (" + e.getMessage()
                    + "): it is damaged, cut short or of a kind this program does not read", e);
        }
    }

    private static BufferedImage decode(ImageReader reader, ImageInputStream in, Path file) throws IOException {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        // Metadata is read too: the PNG reader then reads on to IEND, so a file cut after its pixels is noticed.
        reader.setInput(in, true, false);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        if (pixels > MAX_PIXELS || pixels * BYTES_PER_PIXEL > Runtime.getRuntime().maxMemory() / 2) {
            throw new MediaException(String.format(Locale.ROOT, "%s: %dx%d pixels is more than this program decodes"
                    + " (at most %d megapixels, and half its memory of %d MB)", file, reader.getWidth(0), reader.getHeight(0),
                    MAX_PIXELS / 1_000_000, Runtime.getRuntime().maxMemory() >> 20));
        }
        BufferedImage image = reader.read(0);
        if (!warnings.isEmpty()) {
            throw new MediaException(file + ": the picture is damaged or cut short (" + String.join("; ", warnings)
                    + "); it is not used");
        }
        return image;
    }
}
