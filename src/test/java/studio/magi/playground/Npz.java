package studio.magi.playground;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** numpy's .npz (a zip of .npy arrays), for the uint8 and float64 arrays of the world fixture. */
final class Npz {
    /** A C-ordered array: its numpy type ("|u1" or "<f8"), shape and raw little-endian bytes. */
    record Array(String type, int[] shape, byte[] data) {
        static Array bytes(byte[] data, int... shape) {
            return new Array("|u1", shape, data);
        }

        static Array doubles(double[] values, int... shape) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                b.putDouble(v);
            }
            return new Array("<f8", shape, b.array());
        }

        double[] asDoubles() {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            double[] out = new double[data.length / 8];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getDouble();
            }
            return out;
        }
    }

    private static final Pattern HEADER = Pattern.compile("'descr':\\s*'([^']+)'.*'shape':\\s*\\(([^)]*)\\)");

    private Npz() {
    }

    static void write(Path file, Map<String, Array> arrays) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, Array> e : arrays.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setTime(315532800000L);
                zip.putNextEntry(entry);
                zip.write(npy(e.getValue()));
                zip.closeEntry();
            }
        }
    }

    static Map<String, Array> read(Path file) throws IOException {
        Map<String, Array> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName().replaceAll("\\.npy$", "");
                out.put(name, parse(zip.readAllBytes(), file + ":" + e.getName()));
            }
        }
        return out;
    }

    private static byte[] npy(Array a) throws IOException {
        StringBuilder shape = new StringBuilder();
        for (int d : a.shape()) {
            shape.append(d).append(", ");
        }
        String dict = "{'descr': '" + a.type() + "', 'fortran_order': False, 'shape': (" + shape.toString().replaceAll(", $", a.shape().length == 1 ? "," : "") + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        out.write(h.length & 0xFF);
        out.write(h.length >> 8);
        out.write(h);
        out.write(a.data());
        return out.toByteArray();
    }

    private static Array parse(byte[] bytes, String where) throws IOException {
        if (bytes.length < 10 || bytes[0] != (byte) 0x93 || bytes[1] != 'N') {
            throw new IOException(where + ": not an .npy array");
        }
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        Matcher m = HEADER.matcher(header);
        if (!m.find() || header.contains("'fortran_order': True")) {
            throw new IOException(where + ": unexpected header " + header.trim());
        }
        int[] shape = Arrays.stream(m.group(2).split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        return new Array(m.group(1), shape, Arrays.copyOfRange(bytes, 10 + headerLength, bytes.length));
    }
}
