package studio.magi.fuzz;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** JSON values and keys that a reader's checks behind the parser must survive, as raw JSON text. */
final class HostileJson {
    private HostileJson() {
    }

    static Arbitrary<String> values() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, numbers()),
                net.jqwik.api.Tuple.of(3, strings()),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("null", "true", "false", "[]", "{}", "[0]", "[[]]", "{\"\":0}",
                        "[2,3]", "[0,8]", "[8,0]", "[-1,8]", "[0,0]", "[1,2,3]", "[0,9223372036854775807]",
                        "[0,18446744073709551624]", "[9223372036854775807,9223372036854775807,2]",
                        "[4294967296,4294967296]", "[0.5]", "[\"1\"]")),
                net.jqwik.api.Tuple.of(1, deep()),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 50_000).map(HostileJson::longArray)));
    }

    /** The numbers at which whole numbers overflow or change sign, as fuzzers try them (AFL's "interesting" values). */
    static Arbitrary<String> boundaries() {
        return Arbitraries.of("-1", "0", "1", "127", "128", "255", "32767", "65535", "2147483647", "-2147483648",
                "4294967295", "9223372036854775807", "-9223372036854775808");
    }

    /** Keys the readers know, near misses, and odd ones. */
    static Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.of("schemaVersion", "name", "shots", "id", "start", "settings", "chunks", "kind", "media",
                        "shot", "prompt", "seed", "takes", "chosenTake", "steps", "cfgNumber", "textGuidance",
                        "historyGuidance", "window", "model", "renderKey", "dtype", "shape", "data_offsets",
                        "__metadata__", "", "Name", "name ", "\u0000", "\ud800", "a\nb"),
                Arbitraries.strings().all().ofMaxLength(12));
    }

    private static Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.of("0", "-0", "-1", "1", "3", "2147483647", "2147483648", "-2147483648", "-2147483649",
                        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
                        "1e999", "-1e999", "1.5", "3.0", "1E2", "4.9e-324", "1e-400", "0.1", "20.000000000000004",
                        "-0.0", "1e10"),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf).filter(s -> !s.contains("N") && !s.contains("I")),
                Arbitraries.integers().between(1, 5000).map(n -> "9".repeat(n)));
    }

    private static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.of("\"\"", "\" \"", "\"\\u0000\"", "\"\\ud800\"", "\"x\\udc00\"", "\"\\ud83c\\udfac\"",
                        "\"a\\nb\"", "\"\\r\"", "\"\\u202e\\u0007\"", "\"\\u001b[31m\"", "\"../../etc/passwd\"",
                        "\"/etc/passwd\"", "\"../a\\nb\"", "\"media/x.png\"", "\"nothing\"", "\"image\"", "\"video\"", "\"shot\"",
                        "\"F32\"", "\"F8_E4M3\"", "\"BOOL\"", "\"I64\"", "\"Q7\"", "\"f32\"", "\"0-0-0-0-0\"",
                        "\"00000000-0000-0000-0000-000000000000\"", "\"" + UUID.nameUUIDFromBytes(new byte[1]) + "\"",
                        "\"not-a-uuid-at-all-but-36-characters\""),
                Arbitraries.strings().all().ofMaxLength(40).map(s -> TextNode.valueOf(s).toString()),
                Arbitraries.integers().between(0, 50_000).map(n -> "\"" + "x".repeat(n) + "\""));
    }

    /** Arrays or objects nested up to 3000 deep (Jackson's own limit is 1000). */
    private static Arbitrary<String> deep() {
        return Combinators.combine(Arbitraries.integers().between(1, 3000), Arbitraries.of(true, false))
                .as((depth, arrays) -> arrays ? "[".repeat(depth) + "]".repeat(depth)
                        : "{\"a\":".repeat(depth) + "0" + "}".repeat(depth));
    }

    private static String longArray(int n) {
        StringBuilder s = new StringBuilder(2 * n + 2).append('[');
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append('1');
        }
        return s.append(']').toString();
    }
}
