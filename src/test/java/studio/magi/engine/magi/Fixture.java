package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One parity fixture file written by the reference's export (ckpt/nano/fixtures), and how to compare with it. */
public final class Fixture implements AutoCloseable {
    /** The checkpoint the tests load: whatever the repository holds, trained or not. */
    public static final Path CHECKPOINT = Path.of("ckpt", "nano");
    public static final double TOLERANCE = 1e-4;

    private final SafetensorsFile file;
    private final JsonNode about;

    private Fixture(String name) {
        Path folder = CHECKPOINT.resolve("fixtures");
        try {
            about = new ObjectMapper().readTree(Files.readString(folder.resolve("index.json"))).get(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        file = SafetensorsFile.open(folder.resolve(about.get("file").asText()));
    }

    public static Fixture open(String name) {
        return new Fixture(name);
    }

    /** What index.json says of the fixture. */
    public JsonNode about() {
        return about;
    }

    public float[] floats(String name) {
        return file.floats(name);
    }

    public long[] longs(String name) {
        return file.longs(name);
    }

    public int[] ints(String name) {
        long[] l = longs(name);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = (int) l[i];
        }
        return out;
    }

    public byte[] bytes(String name) {
        java.nio.ByteBuffer b = file.bytes(name);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    public long[] shape(String name) {
        return file.entry(name).shape();
    }

    public boolean has(String name) {
        return file.entries().containsKey(name);
    }

    public NDArray array(NDManager m, String name) {
        return m.create(floats(name), new Shape(shape(name)));
    }

    /** Asserts the array has the fixture's shape and values within {@link #TOLERANCE}. */
    public void assertClose(String name, NDArray actual) {
        assertArrayEquals(shape(name), actual.getShape().getShape(), name + ": shape");
        assertClose(name, actual.toFloatArray());
    }

    public void assertClose(String name, float[] actual) {
        assertClose(name, actual, TOLERANCE);
    }

    public void assertClose(String name, float[] actual, double tolerance) {
        float[] expected = floats(name);
        double diff = maxAbsDiff(expected, actual);
        assertTrue(diff <= tolerance, name + ": max abs diff " + diff + " exceeds " + tolerance);
    }

    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    @Override
    public void close() {
        file.close();
    }
}
