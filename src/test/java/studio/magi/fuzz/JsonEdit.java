package studio.magi.fuzz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One change to a JSON file's tree: a value replaced by a hostile one (huge numbers, deep nesting, odd unicode,
 * another type) or by a number at a boundary of int or long, a whole number written another way, a value removed, a
 * key doubled or renamed. Byte edits rarely keep JSON valid; these reach the checks behind the parser. The node is the
 * {@code node}-th of those the edit applies to, in document order, modulo their count.
 */
public sealed interface JsonEdit {
    /** The edited document's text. */
    String edit(JsonNode root, List<Slot> nodes);

    /** Where a node sits: in an object under a key, or in an array at an index; the root has neither. */
    record Slot(JsonNode parent, String key, int index, JsonNode node) {
    }

    static Arbitrary<List<JsonEdit>> some() {
        return any().list().ofMaxSize(3);
    }

    static Arbitrary<JsonEdit> any() {
        Arbitrary<Integer> node = Arbitraries.integers().greaterOrEqual(0);
        return Arbitraries.<JsonEdit>oneOf(
                Combinators.combine(node, HostileJson.values()).as(Replace::new),
                node.map(Remove::new),
                Combinators.combine(node, HostileJson.values()).as(DoubleKey::new),
                Combinators.combine(node, HostileJson.keys()).as(Rename::new),
                Combinators.combine(node, Arbitraries.integers().between(0, 3)).as(Respell::new),
                Combinators.combine(node, HostileJson.boundaries()).as(Boundary::new));
    }

    /** Every edit in turn; one that finds no JSON (after earlier edits) leaves the bytes as they are. */
    static byte[] applyAll(List<JsonEdit> edits, byte[] utf8) {
        byte[] out = utf8;
        for (JsonEdit e : edits) {
            JsonNode root;
            try {
                root = Lenient.MAPPER.readTree(out);
            } catch (IOException notJson) {
                continue;
            }
            if (root != null) {
                List<Slot> nodes = new ArrayList<>();
                collect(null, null, -1, root, nodes);
                out = e.edit(root, nodes).getBytes(StandardCharsets.UTF_8);
            }
        }
        return out;
    }

    private static void collect(JsonNode parent, String key, int index, JsonNode node, List<Slot> out) {
        out.add(new Slot(parent, key, index, node));
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                collect(node, f.getKey(), -1, f.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node, null, i, node.get(i), out);
            }
        }
    }

    /**
     * The document with the node at {@code at} written as {@code json}, which need not be JSON that a tree can hold
     * (a key twice, nesting or numbers past any limit): a marker takes the node's place and its text is replaced.
     */
    private static String withRaw(JsonNode root, Slot at, String json) {
        TextNode marker = TextNode.valueOf("\u0001fuzz\u0001");
        if (at.parent == null) {
            return json;
        }
        if (at.parent instanceof ObjectNode o) {
            o.set(at.key, marker);
        } else {
            ((ArrayNode) at.parent).set(at.index, marker);
        }
        return text(root).replace(text(marker), json);
    }

    private static List<Slot> fields(List<Slot> nodes) {
        return nodes.stream().filter(s -> s.key != null).toList();
    }

    private static Slot slotOf(JsonNode node, List<Slot> nodes) {
        return nodes.stream().filter(s -> s.node == node).findFirst().orElseThrow();
    }

    private static String text(JsonNode n) {
        try {
            return Lenient.MAPPER.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Replace(int node, String json) implements JsonEdit {
        @Override
        public String edit(JsonNode root, List<Slot> nodes) {
            return withRaw(root, nodes.get(node % nodes.size()), json);
        }
    }

    record Remove(int node) implements JsonEdit {
        @Override
        public String edit(JsonNode root, List<Slot> nodes) {
            Slot at = nodes.get(node % nodes.size());
            if (at.parent instanceof ObjectNode o) {
                o.remove(at.key);
            } else if (at.parent instanceof ArrayNode a) {
                a.remove(at.index);
            }
            return text(root);
        }
    }

    /** A key of an object written twice, the second time with another value: JSON leaves the meaning open. */
    record DoubleKey(int node, String json) implements JsonEdit {
        @Override
        public String edit(JsonNode root, List<Slot> nodes) {
            List<Slot> fields = fields(nodes);
            if (fields.isEmpty()) {
                return text(root);
            }
            Slot at = fields.get(node % fields.size());
            StringBuilder object = new StringBuilder("{");
            for (Iterator<Map.Entry<String, JsonNode>> it = at.parent.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                object.append(text(TextNode.valueOf(f.getKey()))).append(':').append(text(f.getValue())).append(',');
            }
            object.append(text(TextNode.valueOf(at.key))).append(':').append(json).append('}');
            return withRaw(root, slotOf(at.parent, nodes), object.toString());
        }
    }

    record Rename(int node, String key) implements JsonEdit {
        @Override
        public String edit(JsonNode root, List<Slot> nodes) {
            List<Slot> fields = fields(nodes);
            if (fields.isEmpty()) {
                return text(root);
            }
            Slot at = fields.get(node % fields.size());
            ObjectNode renamed = Lenient.MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = at.parent.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                renamed.set(f.getKey().equals(at.key) ? key : f.getKey(), f.getValue());
            }
            Slot parent = slotOf(at.parent, nodes);
            if (parent.parent == null) {
                return text(renamed);
            }
            return withRaw(root, parent, text(renamed));
        }
    }

    /**
     * A whole number of the file written another way: plus 2^64 or 2^32 (the same number to a reader that keeps only
     * the low 64 or 32 bits), or with a fraction or an exponent. A reader compares numbers as written, or refuses them.
     */
    record Respell(int node, int how) implements JsonEdit {
        @Override
        public String edit(JsonNode root, List<Slot> nodes) {
            List<Slot> numbers = nodes.stream().filter(s -> s.node.isIntegralNumber()).toList();
            if (numbers.isEmpty()) {
                return text(root);
            }
            Slot at = numbers.get(node % numbers.size());
            BigInteger n = at.node.bigIntegerValue();
            String json = switch (how) {
                case 0 -> n.add(BigInteger.TWO.pow(64)).toString();
                case 1 -> n.add(BigInteger.TWO.pow(32)).toString();
                case 2 -> n + ".0";
                default -> n + "e0";
            };
            return withRaw(root, at, json);
        }
    }

    /** A number of the file replaced by a boundary of the sizes numbers are held in. */
    record Boundary(int node, String number) implements JsonEdit {
        @Override
        public String edit(JsonNode root, List<Slot> nodes) {
            List<Slot> numbers = nodes.stream().filter(s -> s.node.isNumber()).toList();
            return numbers.isEmpty() ? text(root) : withRaw(root, numbers.get(node % numbers.size()), number);
        }
    }

    /** The edits' own JSON handling, without limits, so that what one edit makes (deep, long) survives the next. */
    final class Lenient {
        static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE)
                        .maxNumberLength(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE).build())
                .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
                .build());

        private Lenient() {
        }
    }
}
