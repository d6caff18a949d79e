package studio.magi.engine.magi;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import studio.magi.engine.DeviceMemory;
import studio.magi.engine.DeviceName;

/** The memory plans of the checkpoints this engine opens, from their configs and their weights' headers. */
final class MemoryPlans {
    /** The engine holds the reference's VAE in float32 (the reference runs it in bf16: video_process.py vae.bfloat16()). */
    static final int REFERENCE_VAE_BYTES = Float.BYTES;

    private MemoryPlans() {
    }

    /**
     * A nano checkpoint as this engine loads it: every weight widened to float32, float32 cache and activations, the
     * whole model on the device (the engine moves no part of it).
     */
    static MemoryPlan nano(MagiConfig config, boolean fp8, Path textEncoderFile, Path vaeFile, DeviceName device) {
        Path folder = config.folder();
        long dit;
        long t5;
        long vae;
        try (WeightFile w = WeightFile.open(folder, fp8 ? config.fp8WeightsFile() : config.weightsFile(), "model_config")) {
            dit = PartSizes.fromHeaders(w, n -> true, Float.BYTES);
        }
        try (WeightFile w = textEncoderFile == null ? WeightFile.open(folder, config.runtime().textEncoderFile(), "text_config")
                : WeightFile.open(textEncoderFile.toAbsolutePath().getParent(), textEncoderFile.getFileName().toString(), "text_config")) {
            t5 = PartSizes.fromHeaders(w, n -> true, Float.BYTES);
        }
        try (WeightFile w = vaeFile == null ? WeightFile.open(folder, config.runtime().vaeFile(), "vae_config")
                : WeightFile.open(vaeFile.toAbsolutePath().getParent(), vaeFile.getFileName().toString(), "vae_config")) {
            vae = PartSizes.fromHeaders(w, n -> true, Float.BYTES);
        }
        DitConfig d = config.dit();
        VaeConfig v = config.vae();
        RuntimeConfig r = config.runtime();
        MemoryPlan.Model model = new MemoryPlan.Model(folder.getFileName() + (fp8 ? " (fp8)" : ""), dit, t5, vae, d.layers(),
                d.hidden(), d.fc1Rows(), d.ffnHidden(), d.heads(), d.groups(), d.headDim(), d.captionLength(), Float.BYTES);
        long tokens = (long) r.chunkWidth() * (v.latentHeight() / d.patch()) * (v.latentWidth() / d.patch());
        int cached = r.noiseToCleanKvRange().stream().mapToInt(Integer::intValue).max().orElse(1) - 1;
        MemoryPlan.Render render = new MemoryPlan.Render(v.width() + "x" + v.height(), tokens, r.window(), 0, cached);
        return MemoryPlan.firstFit(model, render, DeviceMemory.of(device), DeviceMemory.host(), false);
    }

    /**
     * A reference checkpoint: its weights as the engine holds them (the DiT's large matrices as stored, bf16 or fp8
     * codes, the rest in float32, {@link HeldWeights}; the T5 encoder's matrices likewise; the VAE in float32), the
     * cache and the activations in bf16 as the reference runs them; the T5 encoder and the cache may go to host memory,
     * the window down to 1, until it fits.
     */
    static MemoryPlan reference(ReferenceCheckpoint checkpoint, DeviceName device) {
        ReferenceConfig c = checkpoint.config();
        long dit = HeldWeights.referenceDit(c, checkpoint.weights());
        long t5;
        try (WeightFile w = WeightFile.openFolder(checkpoint.t5Folder(), "model", "the T5 encoder",
                ReferenceCheckpoint.T5_PICKLE_FIX)) {
            t5 = HeldWeights.t5(w);
        }
        long vae;
        try (WeightFile w = WeightFile.openFolder(checkpoint.vaeFolder(), "diffusion_pytorch_model", "the VAE",
                ReferenceCheckpoint.VAE_PICKLE_FIX)) {
            vae = PartSizes.fromHeaders(w, n -> true, REFERENCE_VAE_BYTES);
        }
        JsonNode dd = ReferenceConfig.json(checkpoint.vaeFolder().resolve("config.json")).get("ddconfig");
        return MemoryPlan.firstFit(referenceModel(c, dit, t5, vae), referenceRender(c, dd.get("patch_size").asInt()),
                DeviceMemory.of(device), DeviceMemory.host(), true);
    }

    /**
     * A reference model of those part sizes, named by its config file; its cache and activations in float32, as this
     * engine computes them (the reference holds them in bf16, half of that); its products widen weights unless they are
     * all float32 (params_dtype float32 without fp8).
     */
    static MemoryPlan.Model referenceModel(ReferenceConfig c, long dit, long t5, long vae) {
        ReferenceConfig.Model m = c.model();
        String name = c.file().getFileName() + " (" + String.format(Locale.ROOT, "%.1f B", parameters(c) / 1e9)
                + (c.engine().distill() ? " distill" : " base") + (c.engine().fp8Quant() ? " fp8" : "") + ")";
        boolean widens = c.engine().fp8Quant() || !"torch.float32".equals(m.paramsDtype());
        return new MemoryPlan.Model(name, dit, t5, vae, m.layers(), m.hidden(), m.fc1Rows(), m.ffnHidden(), m.heads(),
                m.groups(), m.headDim(), m.captionLength(), Float.BYTES, widens);
    }

    /**
     * The reference's render: video_size_h x video_size_w through the VAE's stride and the DiT's patch, chunk_width
     * latent frames a chunk, its window; beside the window the finished chunk (and, distilled, the nearly-clean copy);
     * the largest noise2clean_kvrange less one cached chunks.
     */
    static MemoryPlan.Render referenceRender(ReferenceConfig c, int vaeStride) {
        ReferenceConfig.Runtime r = c.runtime();
        int p = c.model().patch();
        long tokens = (long) r.chunkWidth() * (r.height() / vaeStride / p) * (r.width() / vaeStride / p);
        int cached = Collections.max(r.noiseToCleanKvRange()) - 1;
        return new MemoryPlan.Render(r.width() + "x" + r.height(), tokens, r.window(), c.engine().distill() ? 2 : 1, cached);
    }

    private static long parameters(ReferenceConfig c) {
        long n = 0;
        for (ReferenceWeights.Expected e : ReferenceWeights.expected(c)) {
            if (e.kind() != ReferenceWeights.Kind.SCALE) {
                long size = 1;
                for (long d : e.shape()) {
                    size *= d;
                }
                n += size;
            }
        }
        return n;
    }
}
