package studio.magi.engine.magi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import studio.magi.engine.DeviceMemory;

/**
 * What a render puts where, in bytes, known before any weight is read: the DiT's, the T5 encoder's and the VAE's
 * weights (from their headers or their config's shapes, {@link PartSizes}), the KV cache of finished chunks, and a
 * DiT pass's working memory; on the device, or (the T5 encoder and the cache, as the reference's t5_device and
 * kv_offload allow) in host memory. A model that does not fit is refused in one line before it loads.
 *
 * <p>The working memory is this engine's ({@link DitLayer#forward}): one layer's arrays at a time, the attention half's
 * or the MLP half's, about N x max(6 D + 8 q + 3 kv, 7 D + R + F) values for N tokens of width D, query and key widths
 * q and kv, R rows of fc1 and F of fc2's input (R = F, or 2 F with the gated linear unit: fc1's output, then the
 * activation's F, {@link Ops#siluAndMul} in place); the attention's scores, all of them when dense (scores, masked,
 * softmax: 3 x heads x N x (keys + caption), and the keys and values joined), one tile's when tiled
 * ({@link AttentionPolicy}); and the captions' cross-attention keys and values of every layer, held by each chunk's
 * prompt and stacked once more for the pass; with narrow weights (bf16, fp8), one block's widening.
 * The VAE decoder's and the T5 encoder's own working memory are not counted.
 */
final class MemoryPlan {
    private static final double GIB = 1L << 30;
    private static final double MIB = 1L << 20;

    /**
     * A model as planned: its parts' bytes as they will be held, the DiT's sizes, the bytes of one value of the cache
     * and the activations, and whether its DiT holds weights narrower than float32 that a product widens
     * ({@link BlockProduct}).
     */
    record Model(String name, long dit, long t5, long vae, int layers, int hidden, int fc1Rows, int ffnHidden, int heads,
            int groups, int headDim, int captionLength, int valueBytes, boolean widens) {
        /** A model whose weights are all held in float32. */
        Model(String name, long dit, long t5, long vae, int layers, int hidden, int fc1Rows, int ffnHidden, int heads,
                int groups, int headDim, int captionLength, int valueBytes) {
            this(name, dit, t5, vae, layers, hidden, fc1Rows, ffnHidden, heads, groups, headDim, captionLength, valueBytes,
                    false);
        }
    }

    /**
     * A render: tokens per chunk, the window (chunks a pass denoises together), the chunks a pass carries beside them
     * (the reference computes the finished chunk, and when distilled a copy of the first noisy one, in the pass), and
     * the cached chunks kept (the largest kv range less one).
     */
    record Render(String size, long tokensPerChunk, int window, int extraChunks, int cachedChunks) {
        Render withWindow(int w) {
            return new Render(size, tokensPerChunk, w, extraChunks, cachedChunks);
        }
    }

    /** Where the parts that may leave the GPU are: the T5 encoder and the KV cache, on it or in host memory. */
    record Placement(boolean t5OnHost, boolean kvOnHost) {
        static final Placement DEVICE = new Placement(false, false);
    }

    private final Model model;
    private final Render render;
    private final Placement placement;
    private final DeviceMemory device;
    private final DeviceMemory host;

    MemoryPlan(Model model, Render render, Placement placement, DeviceMemory device, DeviceMemory host) {
        this.model = model;
        this.render = render;
        this.placement = device.device().equals(host.device()) ? Placement.DEVICE : placement;
        this.device = device;
        this.host = host;
    }

    /**
     * The first plan that fits: everything on the device at the render's window; then, where {@code canMove}, the T5
     * encoder in host memory, then the KV cache too; then smaller windows down to 1. When none fits, the last.
     */
    static MemoryPlan firstFit(Model model, Render render, DeviceMemory device, DeviceMemory host, boolean canMove) {
        List<MemoryPlan> options = new ArrayList<>();
        options.add(new MemoryPlan(model, render, Placement.DEVICE, device, host));
        Placement moved = Placement.DEVICE;
        if (canMove && !device.device().equals(host.device())) {
            options.add(new MemoryPlan(model, render, new Placement(true, false), device, host));
            moved = new Placement(true, true);
            options.add(new MemoryPlan(model, render, moved, device, host));
        }
        for (int w = canMove ? render.window() - 1 : 0; w >= 1; w--) {
            options.add(new MemoryPlan(model, render.withWindow(w), moved, device, host));
        }
        return options.stream().filter(MemoryPlan::fits).findFirst().orElse(options.get(options.size() - 1));
    }

    Model model() {
        return model;
    }

    Render render() {
        return render;
    }

    Placement placement() {
        return placement;
    }

    /** One finished chunk's keys and values, every layer. */
    long kvPerChunk() {
        return (long) model.layers() * 2 * model.groups() * render.tokensPerChunk() * model.headDim() * model.valueBytes();
    }

    long kvCache() {
        return render.cachedChunks() * kvPerChunk();
    }

    /** A DiT pass's working memory (see the class comment). */
    long activations() {
        long t = render.tokensPerChunk();
        int chunks = render.window() + render.extraChunks();
        long n = chunks * t;
        long keys = n + render.cachedChunks() * t;
        long q = (long) model.heads() * model.headDim();
        long kv = (long) model.groups() * model.headDim();
        long d = model.hidden();
        long layer = n * Math.max(6 * d + 8 * q + 3 * kv, 7 * d + (long) model.fc1Rows() + model.ffnHidden());
        long attention;
        if (tiled()) {
            long tile = AttentionPolicy.DEFAULT_TILE;
            attention = 4L * model.heads() * tile * tile + (placement.kvOnHost() ? 2 * render.cachedChunks() * t * kv : 0);
        } else {
            attention = 3L * model.heads() * n * (keys + model.captionLength()) + 2 * keys * kv;
        }
        long captions = 2L * chunks * model.layers() * 2 * kv * model.captionLength();
        return (layer + attention + captions) * model.valueBytes() + widening(n);
    }

    /**
     * A product's widening beside its output, when the DiT holds narrow weights: one block's widened weights and
     * indices ({@link Bf16Weight#WIDENING_BYTES}) and the block's float32 share of the output, whole rows of a
     * product of width D (the narrowest over the tokens).
     */
    private long widening(long tokens) {
        return model.widens() ? Bf16Weight.WIDENING_BYTES
                + Float.BYTES * tokens * BlockProduct.rowsPerBlock(model.hidden(), BlockProduct.BLOCK) : 0;
    }

    /** Whether the pass's attention goes tiled, as {@link AttentionPolicy#automatic()} decides. */
    boolean tiled() {
        long n = (render.window() + render.extraChunks()) * render.tokensPerChunk();
        long keys = n + render.cachedChunks() * render.tokensPerChunk();
        return AttentionPolicy.automatic().tiled(model.heads() * n * Math.max(keys, model.captionLength()));
    }

    long onDevice() {
        return model.dit() + model.vae() + activations() + (placement.t5OnHost() ? 0 : model.t5())
                + (placement.kvOnHost() ? 0 : kvCache());
    }

    /** What goes to host memory when the device is a GPU (0 on the CPU, where everything is). */
    long onHost() {
        return (placement.t5OnHost() ? model.t5() : 0) + (placement.kvOnHost() ? kvCache() : 0);
    }

    boolean fits() {
        return onDevice() <= device.available() && onHost() <= host.available();
    }

    /** Refuses, in one line, a plan that does not fit. */
    void requireFits() {
        if (!fits()) {
            throw new CheckpointException(refusal());
        }
    }

    String refusal() {
        String where = device.device().toString();
        String moved = !placement.t5OnHost() ? ""
                : placement.kvOnHost() ? ", even with the T5 encoder and the KV cache in host memory"
                : ", even with the T5 encoder in host memory";
        String s = model.name() + " needs ~" + size(onDevice()) + " on " + where + " at " + render.size() + ", window "
                + render.window() + moved + " (" + parts(true) + "); " + where + " has " + size(device.total())
                + (device.available() < device.total() ? " (" + size(device.available()) + " free)" : "");
        if (onHost() > host.available()) {
            s += "; host memory has " + size(host.available()) + " free for the " + size(onHost()) + " that would go there";
        }
        return s;
    }

    /** One line: what goes where. */
    String summary() {
        String s = model.name() + " at " + render.size() + ", window " + render.window() + ": " + size(onDevice()) + " on "
                + device.device() + " (" + parts(true) + ")";
        if (onHost() > 0) {
            s += ", " + size(onHost()) + " in host memory (" + parts(false) + ")";
        }
        return s + "; " + size(device.available()) + " available";
    }

    private String parts(boolean onDevice) {
        List<String> out = new ArrayList<>();
        if (onDevice) {
            out.add("DiT " + size(model.dit()));
            out.add("VAE " + size(model.vae()));
        }
        if (placement.t5OnHost() != onDevice) {
            out.add("T5 " + size(model.t5()));
        }
        if (placement.kvOnHost() != onDevice) {
            out.add("KV cache " + size(kvCache()) + " (" + render.cachedChunks() + " chunks)");
        }
        if (onDevice) {
            out.add("activations " + size(activations()) + (tiled() ? ", tiled attention" : ""));
        }
        return String.join(", ", out);
    }

    static String size(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "an unknown amount";
        }
        if (bytes >= GIB) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / GIB);
        }
        return String.format(Locale.ROOT, bytes >= 10 * MIB ? "%.0f MiB" : "%.1f MiB", bytes / MIB);
    }
}
