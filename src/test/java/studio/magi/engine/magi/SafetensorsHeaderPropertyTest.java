package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import studio.magi.fuzz.ByteEdit;
import studio.magi.fuzz.Fuzzing;
import studio.magi.fuzz.JsonEdit;
import studio.magi.fuzz.UntrustedRead;

/**
 * A checkpoint is untrusted input: whatever a safetensors file holds, opening it returns a header that says exactly
 * what the file says (every tensor inside the file, its size what its shape and dtype need) or refuses it with a
 * {@link CheckpointException} of one line; it never fails otherwise, hangs, or allocates beyond the file's size. 200
 * tries each in the test run; {@code ./magi fuzz} runs them for minutes ({@link Fuzzing}).
 */
@AddLifecycleHook(Fuzzing.class)
class SafetensorsHeaderPropertyTest {
    private static final Path DIR = tempDir();
    private static final Path FILE = DIR.resolve("model.safetensors");
    /** The headers of every checkpoint and fixture in the repository, each with the length of its data. */
    private static final List<CheckpointFile> SEEDS = seeds();

    @Property
    void anyBytesAreOpenedOrRefusedInOneLine(@ForAll("bytes") CheckpointFile file) {
        open(file);
    }

    @Property
    void damagedCheckpointsAreOpenedOrRefusedInOneLine(@ForAll("damagedHeaders") DamagedHeader damaged) {
        open(damaged.file());
    }

    @Property
    void everyTensorTableReadsBackAsItWasWritten(@ForAll("tables") List<TensorEntry> table) {
        Map<String, TensorEntry> written = new LinkedHashMap<>();
        table.forEach(e -> written.put(e.name(), e));
        long data = written.values().stream().mapToLong(TensorEntry::end).max().orElse(0);
        try (SafetensorsFile f = SafetensorsFile.open(CheckpointFile.of(written, data).write(FILE))) {
            assertEquals(written, f.entries());
        }
    }

    /** Opens the file; where it opens, its entries must be what the header says, and write back as the same. */
    private static void open(CheckpointFile file) {
        Path path = file.write(FILE);
        UntrustedRead.readOrRefuse(() -> {
            try (SafetensorsFile f = SafetensorsFile.open(path)) {
                return f.entries();
            }
        }, file.size(), CheckpointException.class).ifPresent(entries -> {
            HeaderOracle.assertSays(file.header(), file.dataAfterHeader(), entries);
            Path again = CheckpointFile.of(entries, file.dataAfterHeader()).write(FILE);
            try (SafetensorsFile f = SafetensorsFile.open(again)) {
                assertEquals(entries, f.entries(), "the header written again");
            }
        });
    }

    @AfterContainer
    static void removeTheFile() throws IOException {
        Files.deleteIfExists(FILE);
        Files.deleteIfExists(DIR);
    }

    @Provide
    Arbitrary<CheckpointFile> bytes() {
        Arbitrary<Long> dataLength = Arbitraries.longs().between(0, 4096);
        Arbitrary<byte[]> text = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(512),
                Arbitraries.strings().withChars("{}[]\":,.-0123456789e adtypeshap_ofsFIU8BOL").ofMaxLength(200)
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Long> lengthField = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-2, 2));
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(2048), dataLength)
                        .as(CheckpointFile::new),
                Combinators.combine(text, lengthField, dataLength)
                        .as((header, off, data) -> new CheckpointFile(CheckpointFile.frame(header, off), data)));
    }

    @Provide
    Arbitrary<DamagedHeader> damagedHeaders() {
        return Combinators.combine(Arbitraries.of(SEEDS), JsonEdit.some(), ByteEdit.some(),
                Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(-64, 64))).as(DamagedHeader::new);
    }

    /** Tensors of every dtype and of shapes with zeros and many dimensions, one after another in the data. */
    @Provide
    Arbitrary<List<TensorEntry>> tables() {
        Arbitrary<String> name = Arbitraries.strings().all().ofMaxLength(20).filter(n -> !n.equals("__metadata__"));
        Arbitrary<long[]> shape = Arbitraries.longs().between(0, 5).list().ofMaxSize(5)
                .map(l -> l.stream().mapToLong(Long::longValue).toArray());
        Arbitrary<Tensor> tensor = Combinators.combine(name, Arbitraries.of(TensorType.class), shape,
                Arbitraries.longs().between(0, 3)).as(Tensor::new);
        return tensor.list().uniqueElements(Tensor::name).ofMaxSize(6).map(tensors -> {
            List<TensorEntry> out = new ArrayList<>();
            long at = 0;
            for (Tensor t : tensors) {
                long begin = at + t.gap;
                long end = begin + Arrays.stream(t.shape).reduce(1, (a, b) -> a * b) * t.type.bytes();
                out.add(new TensorEntry(t.name, t.type, t.shape, begin, end));
                at = end;
            }
            return out;
        });
    }

    /** A tensor of a table, {@code gap} bytes after the one before it. */
    private record Tensor(String name, TensorType type, long[] shape, long gap) {
    }

    /** A checkpoint's header edited as JSON, framed again, its bytes edited, and its data a little longer or shorter. */
    record DamagedHeader(CheckpointFile seed, List<JsonEdit> jsonEdits, List<ByteEdit> byteEdits, long dataChange) {
        CheckpointFile file() {
            byte[] head = CheckpointFile.frame(JsonEdit.applyAll(jsonEdits, seed.header()), 0);
            for (ByteEdit e : byteEdits) {
                head = e.apply(head);
            }
            return new CheckpointFile(head, Math.max(0, seed.dataLength() + dataChange));
        }

        @Override
        public String toString() {
            return "DamagedHeader[" + seed.name() + ", " + jsonEdits + ", " + byteEdits + ", data " + dataChange + "] = "
                    + file();
        }
    }

    /**
     * A safetensors file whose first bytes are {@code head} (the length field and the header) and whose data after them
     * is {@code dataLength} zero bytes, written sparse: a 23 MB checkpoint costs no more to write than its header.
     */
    record CheckpointFile(byte[] head, long dataLength, String name) {
        CheckpointFile(byte[] head, long dataLength) {
            this(head, dataLength, "");
        }

        long size() {
            return head.length + dataLength;
        }

        /** The header as the length field counts it, in a file that opened (so the field is within the file). */
        byte[] header() {
            return Arrays.copyOfRange(head, 8, 8 + (int) headerLength());
        }

        /** The data after the header, in a file that opened. */
        long dataAfterHeader() {
            return size() - 8 - headerLength();
        }

        private long headerLength() {
            return ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        }

        static byte[] frame(byte[] header, long lengthError) {
            return ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(header.length + lengthError).put(header).array();
        }

        static CheckpointFile of(Map<String, TensorEntry> entries, long dataLength) {
            return new CheckpointFile(frame(SafetensorsHeaders.write(entries), 0), dataLength);
        }

        Path write(Path to) {
            try (RandomAccessFile f = new RandomAccessFile(to.toFile(), "rw")) {
                f.setLength(0);
                f.write(head);
                f.setLength(size());
                return to;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            String text = new String(head, StandardCharsets.UTF_8);
            return "CheckpointFile[" + HexFormat.of().formatHex(head, 0, Math.min(8, head.length)) + " "
                    + text.substring(Math.min(8, text.length())).replace("\n", "\\n") + " + " + dataLength + " bytes]";
        }
    }

    private static List<CheckpointFile> seeds() {
        try (Stream<Path> files = Files.walk(Path.of("ckpt"))) {
            List<CheckpointFile> seeds = new ArrayList<>();
            for (Path p : files.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList()) {
                try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
                    byte[] head = new byte[8];
                    f.readFully(head);
                    head = Arrays.copyOf(head, 8 + (int) ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getLong());
                    f.readFully(head, 8, head.length - 8);
                    seeds.add(new CheckpointFile(head, f.length() - head.length, p.toString()));
                }
            }
            return seeds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("magi-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
