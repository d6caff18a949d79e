package studio.magi.engine.magi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and
 * [begin, end) data offsets, then the raw little-endian bytes. The whole header is checked when the file is opened
 * (sizes, offsets inside the file and not overlapping, dtypes known), so a damaged file is refused before any tensor
 * is read. Nothing in the file is executed: it is data only.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The format's own limit on the header. */
    private static final long MAX_HEADER = 100L * 1024 * 1024;
    private static final float[] E4M3 = e4m3Table();
    /** A key twice is refused: JSON leaves open which of the two counts, and a tensor named twice is two claims. */
    private static final ObjectMapper HEADER_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorEntry> entries;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorEntry> entries) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
    }

    /** Opens the file and checks its header; the tensors are read on demand. */
    public static SafetensorsFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(path + ": no such file");
        } catch (IOException e) {
            throw new CheckpointException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
        try {
            return read(path, channel);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static SafetensorsFile read(Path path, FileChannel channel) {
        try {
            long size = channel.size();
            if (size < 8) {
                throw new CheckpointException(path + ": truncated (" + size + " bytes): not a safetensors file");
            }
            ByteBuffer lengthBytes = readFully(channel, 0, 8);
            long headerLength = lengthBytes.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER) {
                throw new CheckpointException(path + ": the header length field says " + headerLength
                        + " bytes: not a safetensors file");
            }
            if (8 + headerLength > size) {
                throw new CheckpointException(path + ": the header length field says " + headerLength
                        + " bytes but the file has only " + (size - 8) + " after it: truncated");
            }
            ByteBuffer header = readFully(channel, 8, (int) headerLength);
            String json;
            try {
                json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(header).toString();
            } catch (CharacterCodingException e) {
                throw new CheckpointException(path + ": the header is not UTF-8 text: not a safetensors file");
            }
            JsonNode root;
            try {
                root = HEADER_JSON.readTree(json);
            } catch (JsonProcessingException e) {
                throw new CheckpointException(path + ": the header is not valid JSON ("
                        + FileText.shown(e.getOriginalMessage()) + ")");
            }
            if (root == null || !root.isObject()) {
                throw new CheckpointException(path + ": the header is not a JSON object: not a safetensors file");
            }
            long dataStart = 8 + headerLength;
            Map<String, TensorEntry> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("__metadata__")) {
                    entries.put(field.getKey(), entry(path, field.getKey(), field.getValue(), size - dataStart));
                }
            }
            checkNoOverlap(path, entries);
            return new SafetensorsFile(path, channel, dataStart, Collections.unmodifiableMap(entries));
        } catch (IOException e) {
            throw new CheckpointException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static TensorEntry entry(Path path, String name, JsonNode node, long dataSize) {
        String where = path + ": tensor '" + FileText.shown(name) + "'";
        if (!node.isObject()) {
            throw new CheckpointException(where + " is not described by an object");
        }
        JsonNode dtype = node.get("dtype");
        if (dtype == null || !dtype.isTextual()) {
            throw new CheckpointException(where + " has no dtype");
        }
        TensorType type = TensorType.named(dtype.asText())
                .orElseThrow(() -> new CheckpointException(where + " has the unknown dtype '"
                        + FileText.shown(dtype.asText()) + "'"));
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw new CheckpointException(where + " has no shape");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw new CheckpointException(where + " has a bad shape " + FileText.shown(shapeNode.toString()));
            }
            shape[i] = d.asLong();
            elements = multiplyCapped(elements, shape[i]);
        }
        JsonNode offsets = node.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !offsets.get(0).isIntegralNumber()
                || !offsets.get(1).isIntegralNumber()) {
            throw new CheckpointException(where + " has no data_offsets [begin, end]");
        }
        // asLong keeps the low 64 bits of a bigger number: 2^64 would read as 0.
        if (!offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw new CheckpointException(where + " has bad data_offsets " + FileText.shown(offsets.toString()));
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw new CheckpointException(where + " has bad data_offsets " + FileText.shown(offsets.toString()));
        }
        if (end > dataSize) {
            throw new CheckpointException(where + ": data_offsets " + FileText.shown(offsets.toString())
                    + " point past the end of the file (its data is " + dataSize + " bytes): truncated or damaged");
        }
        long needed = multiplyCapped(elements, type.bytes());
        if (end - begin != needed) {
            throw new CheckpointException(where + ": shape " + FileText.shown(shapeNode.toString()) + " of " + type
                    + " needs " + needed + " bytes, data_offsets " + FileText.shown(offsets.toString()) + " hold "
                    + (end - begin));
        }
        return new TensorEntry(name, type, shape, begin, end);
    }

    private static void checkNoOverlap(Path path, Map<String, TensorEntry> entries) {
        List<TensorEntry> sorted = new ArrayList<>(entries.values());
        sorted.removeIf(e -> e.begin() == e.end());
        sorted.sort(Comparator.comparingLong(TensorEntry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            TensorEntry a = sorted.get(i - 1);
            TensorEntry b = sorted.get(i);
            if (b.begin() < a.end()) {
                throw new CheckpointException(path + ": the data of tensors '" + FileText.shown(a.name()) + "' and '"
                        + FileText.shown(b.name()) + "' overlap");
            }
        }
    }

    private static long multiplyCapped(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    public Path path() {
        return path;
    }

    /** The tensors, in the order of the header. */
    public Map<String, TensorEntry> entries() {
        return entries;
    }

    public TensorEntry entry(String name) {
        TensorEntry e = entries.get(name);
        if (e == null) {
            throw new CheckpointException(path + " lacks the tensor '" + name + "'");
        }
        return e;
    }

    /** The raw little-endian bytes of a tensor. */
    public ByteBuffer bytes(String name) {
        TensorEntry e = entry(name);
        long length = e.end() - e.begin();
        if (length > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(path + ": tensor '" + name + "' is " + length
                    + " bytes; tensors of 2 GiB and more are not supported (split the checkpoint into shards)");
        }
        try {
            return readFully(channel, dataStart + e.begin(), (int) length).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException ex) {
            throw new CheckpointException(path + ": cannot read tensor '" + name + "' (" + ex.getMessage() + ")", ex);
        }
    }

    /** A tensor of real numbers as floats; F8_E4M3 codes become their e4m3 values (without any scale). */
    public float[] floats(String name) {
        TensorEntry e = entry(name);
        ByteBuffer b = bytes(name);
        int n = (int) e.elements();
        float[] out = new float[n];
        switch (e.type()) {
            case F32 -> b.asFloatBuffer().get(out);
            case F64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) b.getDouble(8 * i);
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = halfToFloat(b.getShort(2 * i));
                }
            }
            case F8_E4M3 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = E4M3[b.get(i) & 0xFF];
                }
            }
            default -> throw new CheckpointException(path + ": tensor '" + name + "' holds " + e.type()
                    + ", not real numbers");
        }
        return out;
    }

    /** A tensor of integers or truth values as longs. */
    public long[] longs(String name) {
        TensorEntry e = entry(name);
        ByteBuffer b = bytes(name);
        int n = (int) e.elements();
        long[] out = new long[n];
        switch (e.type()) {
            case I64 -> b.asLongBuffer().get(out);
            case I32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt(4 * i);
                }
            }
            case U8, BOOL -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i) & 0xFF;
                }
            }
            default -> throw new CheckpointException(path + ": tensor '" + name + "' holds " + e.type()
                    + ", not integers");
        }
        return out;
    }

    /** The value of each of the 256 float8 e4m3 ("fn": no infinities, 0x7f and 0xff are NaN) codes. */
    static float e4m3(int code) {
        return E4M3[code & 0xFF];
    }

    private static float[] e4m3Table() {
        float[] t = new float[256];
        for (int code = 0; code < 256; code++) {
            float sign = (code & 0x80) != 0 ? -1f : 1f;
            int exp = (code >> 3) & 0xF;
            int man = code & 0x7;
            if (exp == 0xF && man == 0x7) {
                t[code] = Float.NaN;
            } else if (exp == 0) {
                t[code] = sign * (man / 8f) * (float) Math.pow(2, -6);
            } else {
                t[code] = sign * (1f + man / 8f) * (float) Math.pow(2, exp - 7);
            }
        }
        return t;
    }

    private static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >> 10) & 0x1F;
        int man = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | man << 13);
        }
        if (exp == 0) {
            float v = man * (float) Math.pow(2, -24);
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | (exp + 112) << 23 | man << 13);
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("the file ended early");
            }
        }
        return buffer.flip();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a read-only channel after a failed open loses nothing.
        }
    }


    @Override
    public void close() {
        closeQuietly(channel);
    }
}
