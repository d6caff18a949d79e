package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import studio.magi.engine.DeviceName;
import studio.magi.engine.VideoModel;

/** Each module of the Java model computes what the reference's module computed for the exported fixtures. */
class MagiParityTest {
    private static MagiModel model;
    private NDManager m;
    private NDScope scope;

    @BeforeAll
    static void load() {
        model = MagiModel.load(Fixture.CHECKPOINT, false, DeviceName.CPU);
    }

    @AfterAll
    static void unload() {
        model.close();
    }

    @BeforeEach
    void open() {
        m = model.manager().newSubManager();
        scope = new NDScope();
    }

    @AfterEach
    void close() {
        scope.close();
        m.close();
    }

    @Test
    void vaeEncodesAndDecodesAsTheReference() {
        try (Fixture f = Fixture.open("vae")) {
            NDArray mean = model.vae().encode(f.array(m, "video"));
            f.assertClose("latent_mean", mean);
            f.assertClose("decoded", model.vae().decode(f.array(m, "latent_mean")));
        }
    }

    @Test
    void textEncoderMatchesTheReferenceOnKnownAndUnknownWords() {
        try (Fixture f = Fixture.open("text")) {
            int[] remaining = {f.about().get("remaining").get(0).asInt(), f.about().get("remaining").get(1).asInt()};
            long length = f.shape("ids")[1];
            for (int i = 0; i < 2; i++) {
                Vocabulary.Tokens t = model.vocabulary().encode(f.about().get("prompts").get(i).asText(), remaining[i], (int) length);
                long[] ids = new long[(int) length];
                System.arraycopy(f.longs("ids"), i * (int) length, ids, 0, (int) length);
                org.junit.jupiter.api.Assertions.assertArrayEquals(ids, t.ids(), "token ids of prompt " + i);
            }
            NDArray ids = m.create(f.longs("ids"), new Shape(f.shape("ids")));
            f.assertClose("output", model.textEncoder().encode(ids, f.array(m, "mask")));
        }
    }

    @Test
    void ditLayerZeroMatchesTheReference() {
        try (Fixture f = Fixture.open("dit_layer0")) {
            DitLayer layer = model.dit().layer(0);
            DitConfig c = model.dit().config();
            int[] numbers = f.ints("chunk_index");
            int[] ranges = f.ints("kv_range");
            int chunks = numbers.length;
            long n = f.shape("tokens")[1];
            int tpc = (int) (n / chunks);
            NDArray gates = layer.gates(f.array(m, "condition")).expandDims(2);
            long d = c.hidden();
            NDArray msa = gates.get(":, :, :, 0:" + d);
            NDArray mlp = gates.get(":, :, :, " + d + ":");
            int r = 3 * c.ropeBands();
            RopeTables rope = RopeTables.of(m, f.floats("rope_cos"), f.floats("rope_sin"), r, c.headDim(),
                    (float) (1.0 / Math.sqrt(c.headDim())));
            NDArray mask = m.create(BlockCausal.mask(numbers, ranges, new int[0], tpc), new Shape(n, n));
            NDArray[] cross = layer.crossKeys(f.array(m, "y_xattn"));
            float[] ym = f.floats("y_mask");
            float[] bias = new float[ym.length];
            for (int i = 0; i < ym.length; i++) {
                bias[i] = (1f - ym[i]) * -1e9f;
            }
            long len = f.shape("y_mask")[2];
            NDArray xbias = m.create(bias, new Shape(1, chunks, 1, 1, len));
            NDArray swap = model.dit().swap();
            DitLayer.Output out = layer.forward(f.array(m, "tokens"), msa, mlp, rope, swap, Attention.dense(mask), java.util.List.of(),
                    java.util.List.of(), cross[0], cross[1], xbias, chunks, true);
            f.assertClose("output", out.x());
            f.assertClose("k", out.k());
            f.assertClose("v", out.v());
        }
    }

    @Test
    void ditForwardOfTwoChunksMatchesTheReference() {
        try (Fixture f = Fixture.open("dit_forward")) {
            int[] numbers = f.ints("chunk_index");
            long[] caption = f.shape("caption");
            int chunks = numbers.length;
            int length = (int) caption[2];
            int channels = (int) caption[3];
            float[] captions = f.floats("caption");
            float[] masks = f.floats("caption_mask");
            long[] isNull = f.longs("caption_null");
            float[] t = f.floats("t");
            DitPrompt[][] prompts = new DitPrompt[1][chunks];
            for (int k = 0; k < chunks; k++) {
                float[] one = new float[length * channels];
                System.arraycopy(captions, k * length * channels, one, 0, one.length);
                float[] mask = new float[length];
                System.arraycopy(masks, k * length, mask, 0, length);
                prompts[0][k] = isNull[k] != 0 ? (DitPrompt) model.nullPrompt()
                        : model.dit().prompt(m.create(one, new Shape(length, channels)), mask, false, false);
            }
            VideoDit.Output out = model.dit().forward(f.array(m, "x"), new float[][] {t}, prompts,
                    (int) f.floats("num_steps")[0], numbers, f.ints("kv_range"), null, VideoDit.Want.VELOCITY);
            f.assertClose("velocity", out.velocity());
        }
    }

    @Test
    void cachedKeysAndValuesAndTheChunkThatAttendsToThemMatchTheReference() {
        try (Fixture f = Fixture.open("dit_kvcache"); Fixture text = Fixture.open("text")) {
            int steps = f.about().get("num_steps").asInt();
            NDArray clean = f.array(m, "clean_latent").get(0);
            VideoModel.CachedChunk cached = model.cache(clean, 0, steps);
            KvChunk kv = (KvChunk) cached;
            for (int l = 0; l < kv.keys.length; l++) {
                f.assertClose("k." + l, kv.keys[l]);
                f.assertClose("v." + l, kv.values[l]);
            }
            long[] shape = text.shape("output");
            int length = (int) shape[1];
            int channels = (int) shape[2];
            float[] first = new float[length * channels];
            System.arraycopy(text.floats("output"), 0, first, 0, first.length);
            float[] mask = new float[length];
            System.arraycopy(text.floats("mask"), 0, mask, 0, length);
            DitPrompt prompt = model.dit().prompt(m.create(first, new Shape(length, channels)), mask, false, false);
            try (VideoModel.History history = model.history(java.util.List.of(cached))) {
                float t = (float) f.about().get("t").asDouble();
                NDArray v = model.velocity(new VideoModel.Pass(f.array(m, "x"), new float[][] {{t}},
                        new VideoModel.Prompt[][] {{prompt}}, steps, new int[] {1}, new int[] {5}, history));
                f.assertClose("velocity", v);
            }
            cached.close();
            prompt.close();
        }
    }

    @Test
    void theTokenizerNamesWordsOutsideTheVocabulary() {
        assertEquals(java.util.List.of("zebra", "dances"), model.unknownWords("the circle turns blue and a Zebra dances, zebra!"));
    }
}
