package studio.magi.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * One change to a file's bytes, of the kinds a disk, a cut-off copy or a careless editor makes. Positions are taken
 * modulo the file's length, so that every edit applies to any file and shrinks to a small number.
 */
public sealed interface ByteEdit {
    byte[] apply(byte[] in);

    /**
     * A few edits of any kind, in a third of the inputs: most byte edits break the JSON, and the inputs without them
     * reach the checks behind the parser.
     */
    static Arbitrary<List<ByteEdit>> some() {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(List.of())), Tuple.of(1, any().list().ofMinSize(1).ofMaxSize(3)));
    }

    static Arbitrary<ByteEdit> any() {
        Arbitrary<Integer> at = Arbitraries.integers().greaterOrEqual(0);
        return Arbitraries.<ByteEdit>oneOf(
                Combinators.combine(at, Arbitraries.integers().between(0, 7)).as(FlipBit::new),
                Combinators.combine(at, Arbitraries.bytes()).as(SetByte::new),
                at.map(Truncate::new),
                Combinators.combine(at, insertions()).as(Insert::new),
                Combinators.combine(at, Arbitraries.integers().between(1, 64)).as(Delete::new),
                Combinators.combine(at, Arbitraries.integers().between(1, 64), at).as(Copy::new));
    }

    /** Random bytes, JSON punctuation, and byte sequences that are not UTF-8 or are odd in it. */
    private static Arbitrary<byte[]> insertions() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8),
                Arbitraries.of("\"", "{", "}", "[", "]", ",", ":", "\\", "\\u", "-", "0", "9", "e999", ".5", "null",
                        "\u0000", "\u00e9", "\u202e", "\ud83c\udfac", "\ufeff").map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of(new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                        new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xE2, (byte) 0x82}));
    }

    record FlipBit(int at, int bit) implements ByteEdit {
        @Override
        public byte[] apply(byte[] in) {
            byte[] out = in.clone();
            if (out.length > 0) {
                out[at % out.length] ^= (byte) (1 << bit);
            }
            return out;
        }
    }

    record SetByte(int at, byte value) implements ByteEdit {
        @Override
        public byte[] apply(byte[] in) {
            byte[] out = in.clone();
            if (out.length > 0) {
                out[at % out.length] = value;
            }
            return out;
        }
    }

    /** The file cut off, as a crash or a full disk leaves it. */
    record Truncate(int keep) implements ByteEdit {
        @Override
        public byte[] apply(byte[] in) {
            return Arrays.copyOf(in, keep % (in.length + 1));
        }
    }

    record Insert(int at, byte[] bytes) implements ByteEdit {
        @Override
        public byte[] apply(byte[] in) {
            int p = at % (in.length + 1);
            byte[] out = new byte[in.length + bytes.length];
            System.arraycopy(in, 0, out, 0, p);
            System.arraycopy(bytes, 0, out, p, bytes.length);
            System.arraycopy(in, p, out, p + bytes.length, in.length - p);
            return out;
        }

        @Override
        public String toString() {
            return "Insert[at=" + at + ", bytes=" + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    record Delete(int at, int length) implements ByteEdit {
        @Override
        public byte[] apply(byte[] in) {
            if (in.length == 0) {
                return in;
            }
            int p = at % in.length;
            int n = Math.min(length, in.length - p);
            byte[] out = new byte[in.length - n];
            System.arraycopy(in, 0, out, 0, p);
            System.arraycopy(in, p + n, out, p, in.length - p - n);
            return out;
        }
    }

    /** A run of the file's own bytes copied elsewhere in it: a key or a value twice, a bracket too many. */
    record Copy(int from, int length, int to) implements ByteEdit {
        @Override
        public byte[] apply(byte[] in) {
            if (in.length == 0) {
                return in;
            }
            int p = from % in.length;
            byte[] run = Arrays.copyOfRange(in, p, Math.min(in.length, p + length));
            return new Insert(to, run).apply(in);
        }
    }
}
