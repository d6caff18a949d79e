package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's T5 (T5Encoder, T5Tokenizer) on the tiny T5 folder, against training/magi_nano/t5_reference.py's
 * independent torch encoder and unigram tokenization (fixtures/t5_tiny.safetensors), and ids derived by hand.
 */
class T5EncoderTest {
    static final Path T5 = ReferenceCheckpointTest.TINY.resolve("t5").resolve(ReferenceCheckpoint.T5_NAME);
    /** t5_reference.CAPTIONS, in its order. */
    private static final String[] CAPTIONS = {"a red ball runs over the fence", "the cat jumps on the green tree.",
            "dogs run   fast, birds fly", "a blue car moves slowly left in the park on a sunny sky over water"};
    private static final int LENGTH = 16;

    private static T5Encoder encoder;
    private static SafetensorsFile fixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        encoder = T5Encoder.load(T5);
        fixture = SafetensorsFile.open(ReferenceCheckpointTest.TINY.resolve("fixtures/t5_tiny.safetensors"));
    }

    @AfterAll
    static void close() {
        encoder.close();
        fixture.close();
    }

    @Test
    void sentencePieceGivesTheIdsOfTheReferenceTokenization() {
        long[] ids = fixture.longs("ids");
        long[] mask = fixture.longs("mask");
        for (int i = 0; i < CAPTIONS.length; i++) {
            T5Tokenizer.Tokens t = encoder.tokenizer().encode(CAPTIONS[i], LENGTH);
            assertArrayEquals(Arrays.copyOfRange(ids, i * LENGTH, (i + 1) * LENGTH), t.ids(), CAPTIONS[i]);
            assertArrayEquals(Arrays.copyOfRange(mask, i * LENGTH, (i + 1) * LENGTH), t.mask(), CAPTIONS[i]);
        }
    }

    @Test
    void idsDerivedByHandFromTheTinyVocabulary() {
        // tiny_reference.spiece_pieces: <pad> 0, </s> 1, <unk> 2, "▁" 3, "▁" + WORDS[i] 4 + i, letter c 31 + (c - 'a'),
        // "." 57, "," 58. The best-scoring split of "▁dogs" is "▁dog" (-4.7) + "s" (-8.18), not five pieces.
        T5Tokenizer tok = encoder.tokenizer();
        assertArrayEquals(new int[] {4, 6, 9}, tok.pieces("a red ball"));
        assertArrayEquals(new int[] {11, 49}, tok.pieces("dogs"));
        assertArrayEquals(new int[] {5, 10, 57}, tok.pieces("  The   CAT. "));
        T5Tokenizer.Tokens t = tok.encode("the sun", 5);
        assertArrayEquals(new long[] {5, 19, 1, 0, 0}, t.ids());
        assertArrayEquals(new long[] {1, 1, 1, 0, 0}, t.mask());
        assertArrayEquals(new long[] {4, 6, 1}, tok.encode("a red ball", 3).ids(), "truncated, EOS kept");
    }

    @Test
    void encoderMatchesTheIndependentTorchEncoder() {
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            long[] ids = new long[CAPTIONS.length * LENGTH];
            long[] mask = new long[ids.length];
            for (int i = 0; i < CAPTIONS.length; i++) {
                T5Tokenizer.Tokens t = encoder.tokenizer().encode(CAPTIONS[i], LENGTH);
                System.arraycopy(t.ids(), 0, ids, i * LENGTH, LENGTH);
                System.arraycopy(t.mask(), 0, mask, i * LENGTH, LENGTH);
            }
            Shape shape = new Shape(CAPTIONS.length, LENGTH);
            try (NDArray out = encoder.encode(m.create(ids, shape), m.create(mask, shape))) {
                assertEquals(new Shape(CAPTIONS.length, LENGTH, 32), out.getShape());
                double diff = Fixture.maxAbsDiff(fixture.floats("hidden"), out.toFloatArray());
                System.out.printf("T5 tiny, 4 captions x 16 positions: largest difference %.2e%n", diff);
                assertTrue(diff <= Fixture.TOLERANCE, "largest difference " + diff);
            }
            T5Encoder.Caption one = encoder.encode(CAPTIONS[1], LENGTH, m);
            double diff = Fixture.maxAbsDiff(Arrays.copyOfRange(fixture.floats("hidden"), LENGTH * 32, 2 * LENGTH * 32),
                    one.embedding().toFloatArray());
            assertTrue(diff <= Fixture.TOLERANCE, "one caption: largest difference " + diff);
            assertEquals(new Shape(1, LENGTH), one.mask().getShape());
        }
    }

    @Test
    void relativeBucketsUpToTheReferenceCaptionLength() {
        long[] expected = fixture.longs("buckets");
        for (int rel = -799; rel <= 799; rel++) {
            assertEquals(expected[rel + 799], TextEncoder.relativeBucket(rel, 32, 128), "key - query = " + rel);
        }
    }

    @Test
    void theReferenceCheckpointBuildsItsT5OnTheCpu() {
        try (ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(ReferenceCheckpointTest.TINY.resolve(
                "tiny_distill_config.json")); T5Encoder t5 = ckpt.t5Encoder();
                NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            int length = ckpt.config().model().captionLength();
            T5Encoder.Caption c = t5.encode("A red ball runs over the fence", length, m);
            assertEquals(new Shape(1, length, ckpt.config().model().captionChannels()), c.embedding().getShape());
            assertEquals(8, c.mask().sum().getLong(), "7 pieces and EOS");
        }
    }

    @Test
    void aT5ThatIsNotTheReferencesIsRefusedInOneLine() throws IOException {
        assertRefused("feed_forward_proj", "relu", "config.json: feed_forward_proj is \"relu\"; the reference's T5");
        assertRefused("d_ff", 65, "'encoder.block.0.layer.1.DenseReluDense.wi_0.weight' has shape [64, 32]");
        assertRefused("num_layers", 3, "lacks the tensor 'encoder.block.2.layer.0.SelfAttention.q.weight'");
    }

    private void assertRefused(String field, Object value, String expected) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(field));
        try (Stream<Path> files = Files.list(T5)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = (ObjectNode) json.readTree(copy.resolve("config.json").toFile());
        c.putPOJO(field, value);
        json.writeValue(copy.resolve("config.json").toFile(), c);
        CheckpointException e = assertThrows(CheckpointException.class, () -> T5Encoder.load(copy).close());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
