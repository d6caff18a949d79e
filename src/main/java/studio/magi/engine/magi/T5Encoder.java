package studio.magi.engine.magi;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.nio.file.Path;
import studio.magi.engine.Compute;

/**
 * The reference's text encoder: T5 v1.1's encoder (T5EncoderModel on t5-v1_1-xxl) in its own tensor names, float32,
 * on the CPU whatever device the DiT uses (the reference's t5_device "cpu"; the xxl's 4.7 B float32 weights, 19 GB,
 * would take a GPU's room from the DiT). The blocks' matrices are held as stored when bf16 and widened on use, the
 * same float32 products ({@link Bf16Weight}); the rest in float32. Pre-norm blocks: RMS norm (no mean, no bias),
 * attention whose scores are not divided by sqrt(d_kv), plus a relative-position bias that only the first block holds
 * and every block adds; gated-GELU (tanh) feed-forward; a final RMS norm.
 */
public final class T5Encoder implements AutoCloseable {
    private final T5Config config;
    private final NDManager manager;
    private final T5Tokenizer tokenizer;
    private final NDArray embedding;
    private final NDArray positionTable;
    /** The bf16 table of the matrices stored as bf16 ({@link Bf16Weight}), or null. */
    private final NDArray bf16Table;
    private final Block[] blocks;
    private final NDArray finalNorm;

    private record Block(NDArray attnNorm, Linear q, Linear k, Linear v, Linear o, NDArray ffnNorm, Linear wi0,
            Linear wi1, Linear wo) {
    }

    /** A caption's encoding, as the reference's get_text_embeddings answers: [1, length, d_model] and mask [1, length]. */
    public record Caption(NDArray embedding, NDArray mask) {
    }

    private T5Encoder(T5Config c, WeightFile w, T5Tokenizer tokenizer) {
        config = c;
        this.tokenizer = tokenizer;
        manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        embedding = matrix(w, c.embedding(w), c.vocabSize(), c.dModel());
        String first = "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight";
        positionTable = matrix(w, first, c.buckets(), c.heads());
        bf16Table = Bf16Weight.anyStored(w) ? Bf16Weight.table(manager) : null;
        blocks = new Block[c.layers()];
        for (int i = 0; i < blocks.length; i++) {
            String a = "encoder.block." + i + ".layer.0.";
            String f = "encoder.block." + i + ".layer.1.";
            blocks[i] = new Block(vector(w, a + "layer_norm.weight"),
                    product(w, a + "SelfAttention.q.weight", c.inner(), c.dModel()),
                    product(w, a + "SelfAttention.k.weight", c.inner(), c.dModel()),
                    product(w, a + "SelfAttention.v.weight", c.inner(), c.dModel()),
                    product(w, a + "SelfAttention.o.weight", c.dModel(), c.inner()), vector(w, f + "layer_norm.weight"),
                    product(w, f + "DenseReluDense.wi_0.weight", c.dFf(), c.dModel()),
                    product(w, f + "DenseReluDense.wi_1.weight", c.dFf(), c.dModel()),
                    product(w, f + "DenseReluDense.wo.weight", c.dModel(), c.dFf()));
        }
        finalNorm = vector(w, "encoder.final_layer_norm.weight");
    }

    /**
     * Loads the T5 folder (config.json, spiece.model, safetensors weights), names and shapes checked against its
     * config first; it computes in float32 on the CPU, as the reference runs its T5 (torch.float).
     */
    public static T5Encoder load(Path folder) {
        Compute.start();
        T5Config c = T5Config.read(folder.resolve("config.json"));
        try (WeightFile w = WeightFile.openFolder(folder, "model", "the T5 encoder", ReferenceCheckpoint.T5_PICKLE_FIX)) {
            c.check(w);
            T5Tokenizer tokenizer = T5Tokenizer.open(folder.resolve("spiece.model"));
            try {
                return new T5Encoder(c, w, tokenizer);
            } catch (RuntimeException e) {
                tokenizer.close();
                throw e;
            }
        }
    }

    private NDArray matrix(WeightFile w, String name, int rows, int cols) {
        return Ops.floats(manager, w.floats(name, rows, cols), rows, cols);
    }

    /** A block's matrix, held as stored when bf16 ({@link Linear#load}). */
    private Linear product(WeightFile w, String name, int rows, int cols) {
        return Linear.load(w, name, rows, cols, manager, bf16Table);
    }

    private NDArray vector(WeightFile w, String name) {
        return Ops.floats(manager, w.floats(name, config.dModel()), config.dModel());
    }

    /** The manager its weights are on (the CPU's). */
    NDManager manager() {
        return manager;
    }

    T5Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The caption tokenized and encoded to {@code length} positions, copied to {@code target}'s device. */
    public Caption encode(String caption, int length, NDManager target) {
        T5Tokenizer.Tokens t = tokenizer.encode(caption, length);
        NDArray ids = manager.create(t.ids(), new Shape(1, length));
        NDArray mask = manager.create(t.mask(), new Shape(1, length));
        try (NDArray hidden = encode(ids, mask)) {
            Caption out = new Caption(hidden.toDevice(target.getDevice(), true), mask.toDevice(target.getDevice(), true));
            out.embedding().attach(target);
            out.mask().attach(target);
            return out;
        } finally {
            ids.close();
            mask.close();
        }
    }

    /** ids [B, L] (int64) and mask [B, L] (1 = token) on the CPU -> last hidden state [B, L, d_model]. */
    NDArray encode(NDArray ids, NDArray mask) {
        try (NDScope scope = new NDScope()) {
            long b = ids.getShape().get(0);
            int n = (int) ids.getShape().get(1);
            int heads = config.heads();
            int dKv = config.dKv();
            NDArray x = lookup(ids, embedding);
            // Masked keys get float32's lowest value, as T5 adds torch.finfo(float32).min: no key is ever all masked.
            NDArray masked = mask.toType(DataType.FLOAT32, false).reshape(b, 1, 1, n).neg().add(1f);
            NDArray bias = positionBias(n).add(masked.mul(-Float.MAX_VALUE));
            for (Block l : blocks) {
                NDArray h = rmsNorm(x, l.attnNorm);
                NDArray q = l.q.apply(h).reshape(b, n, heads, dKv).transpose(0, 2, 1, 3);
                NDArray k = l.k.apply(h).reshape(b, n, heads, dKv).transpose(0, 2, 3, 1);
                NDArray v = l.v.apply(h).reshape(b, n, heads, dKv).transpose(0, 2, 1, 3);
                NDArray attn = q.matMul(k).add(bias).softmax(-1).matMul(v);
                x = x.add(l.o.apply(attn.transpose(0, 2, 1, 3).reshape(b, n, config.inner())));
                h = rmsNorm(x, l.ffnNorm);
                NDArray gated = geluTanh(l.wi0.apply(h)).mul(l.wi1.apply(h));
                x = x.add(l.wo.apply(gated));
            }
            NDArray out = rmsNorm(x, finalNorm);
            NDScope.unregister(out);
            return out;
        }
    }

    /** [1, heads, n, n]: the first block's table at each (query, key)'s bucket, shared by every block. */
    private NDArray positionBias(int n) {
        long[] buckets = new long[n * n];
        for (int q = 0; q < n; q++) {
            for (int k = 0; k < n; k++) {
                buckets[q * n + k] = TextEncoder.relativeBucket(k - q, config.buckets(), config.maxDistance());
            }
        }
        NDArray index = manager.create(buckets, new Shape(n, n));
        return lookup(index, positionTable).transpose(2, 0, 1).expandDims(0);
    }

    private static NDArray lookup(NDArray index, NDArray table) {
        NDList rows = index.getNDArrayInternal().embedding(index, table, SparseFormat.DENSE);
        return rows.singletonOrThrow();
    }

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray meanSquare = x.mul(x).mean(new int[] {-1}, true);
        return x.mul(meanSquare.add((float) config.epsilon()).pow(-0.5f)).mul(weight);
    }

    /** Hugging Face's gelu_new: 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))). */
    private static NDArray geluTanh(NDArray x) {
        NDArray inner = x.pow(3f).mul(0.044715f).add(x).mul((float) Math.sqrt(2.0 / Math.PI));
        return x.mul(inner.tanh().add(1f)).mul(0.5f);
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}
