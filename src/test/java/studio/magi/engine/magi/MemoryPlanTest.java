package studio.magi.engine.magi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.magi.engine.DeviceMemory;
import studio.magi.engine.DeviceName;

/**
 * Memory plans, each checked against a hand computation: nano (its float32 files' data), the tiny reference
 * checkpoints (headers against the shapes their configs imply; {@link Bf16WeightTest} checks them against what a loaded
 * DiT holds), and the released 4.5B-distill bf16, 4.5B-distill fp8 and 24B-distill fp8 from their configs' numbers (the reference's example/*_config.json, written here as test data),
 * with the released T5 (t5-v1_1-xxl) and ViTVAE. {@link #theReleasesTable} prints the table of docs/MODEL.md.
 */
class MemoryPlanTest {
    private static final long GIB = 1L << 30;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** t5-v1_1-xxl's config.json (Google's release, which the reference's t5_pretrained holds). */
    private static final String T5_XXL = "{\"d_model\": 4096, \"d_kv\": 64, \"d_ff\": 10240, \"num_layers\": 24,"
            + " \"num_heads\": 64, \"relative_attention_num_buckets\": 32, \"vocab_size\": 32128,"
            + " \"feed_forward_proj\": \"gated-gelu\"}";
    /**
     * The released ViTVAE's ddconfig as diffusers' AutoencoderKLMagi1 ports it (the release's config.json is not in
     * the reference's repository): 1024 wide, 24 blocks each side, 16 heads, patches of 4 frames x 8 x 8 pixels, 16
     * latent channels, q/k/v normed without gains inside the attention (no block LayerNorm before it).
     */
    private static final String VAE_DD = "{\"video_size\": 256, \"video_length\": 16, \"patch_size\": 8,"
            + " \"patch_length\": 4, \"in_chans\": 3, \"z_chans\": 16, \"double_z\": true, \"embed_dim\": 1024,"
            + " \"depth\": 24, \"num_heads\": 16, \"mlp_ratio\": 4.0, \"qkv_bias\": true, \"with_cls_token\": true,"
            + " \"ln_in_attn\": true, \"conv_last_layer\": true, \"use_final_proj\": false}";

    @TempDir
    Path dir;

    @Test
    void nanoIsPlannedFromItsHeadersAsTheEngineHoldsIt() {
        MemoryPlan plan = MemoryPlans.nano(MagiConfig.read(Fixture.CHECKPOINT), false, null, null, DeviceName.CPU);
        // nano's files are all float32: the bytes are each file's data, its size less 8 and the header
        assertEquals(23_326_824L - 20_808, plan.model().dit());
        assertEquals(1_075_552L - 1_632, plan.model().t5());
        assertEquals(7_087_900L - 10_832, plan.model().vae());
        assertEquals(96, plan.render().tokensPerChunk(), "6 latent frames of 4 x 4 tokens");
        assertEquals(6L * 2 * 2 * 96 * 64 * 4, plan.kvPerChunk(), "6 layers x k and v x 2 groups x 96 tokens x 64 x 4 B");
        assertEquals(4 * plan.kvPerChunk(), plan.kvCache(), "noise2clean_kvrange [5, 4, 3, 2]: 4 cached chunks");
        assertFalse(plan.tiled());
        MemoryPlan fp8 = MemoryPlans.nano(MagiConfig.read(Fixture.CHECKPOINT), true, null, null, DeviceName.CPU);
        assertEquals(5_826_558L * 4, fp8.model().dit(), "fp8 codes and scales widened to float32 on loading (with abs_pos_embed, 6 x 4 x 4 x 256)");
        assertTrue(plan.fits(), plan.summary());
    }

    @Test
    void aTinyReferenceCheckpointsHeadersAreTheSizesItsConfigsShapesImply() throws IOException {
        for (String name : new String[] {"tiny_base", "tiny_distill", "tiny_distill_quant", "tiny24_distill",
            "tiny24_distill_quant"}) {
            try (ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(ReferenceCheckpointTest.TINY.resolve(name + "_config.json"))) {
                MemoryPlan plan = MemoryPlans.reference(ckpt, DeviceName.CPU);
                assertEquals(HeldWeights.referenceDit(ckpt.config()), plan.model().dit(), name);
                JsonNode t5 = JSON.readTree(ckpt.t5Folder().resolve("config.json").toFile());
                assertEquals(PartSizes.t5EncoderParameters(t5) * 4, plan.model().t5(), name + ": T5 in float32");
                JsonNode dd = JSON.readTree(ckpt.vaeFolder().resolve("config.json").toFile()).get("ddconfig");
                assertEquals(PartSizes.vitVaeParameters(dd) * 4, plan.model().vae(), name + ": VAE in float32, as held");
                // 16 x 16 pixels through the VAE's stride 2 and the patch 2: 4 x 4 tokens a frame, 6 frames a chunk
                assertEquals(16L / dd.get("patch_size").asInt() / 2 * (16 / dd.get("patch_size").asInt() / 2) * 6,
                        plan.render().tokensPerChunk(), name);
            }
        }
        // by hand, tiny_distill: 4 layers of width 128, ffn 128, 8 heads, 4 groups of 16, caption 32 x 64, 4 channels;
        // the products (ada, q qx k v, kv_xattn, proj, fc1 fc2) at 2 bytes, the gate bias twice, norms in float32
        long products = 256 * 32 + (4 * 128 * 128 - 2 * 64 * 128) + 128 * 128 + 128 * 256 + 2 * 128 * 128;
        long layer = 2 * products + 4 * (2 * 256 + 8 * 16 + 4 * 256);
        // x_embedder, t_embedder, y_embedder in float32, the null caption and rope bands in host memory, the final
        // norm in float32 and linear at 2 bytes; the frequencies, the swap matrix (16 x 16) and the bf16 table
        long rest = 4 * (128 * 4 * 4 + (32 * 256 + 32 + 32 * 32 + 32) + (128 * 32 + 128 + 32 * 32 + 32) + 256 + 128 + 16 * 16
                + 65536) + 2 * 16 * 128;
        ReferenceConfig tiny = ReferenceConfig.read(ReferenceCheckpointTest.TINY.resolve("tiny_distill_config.json"));
        assertEquals(4 * layer + rest, HeldWeights.referenceDit(tiny));
    }

    @Test
    void theReleasedT5AndVaeSizesAreTheirModulesByHand() throws IOException {
        long d = 4096;
        long block = 4 * d * 4096 + 3 * d * 10240 + 2 * d; // q, k, v, o; wi_0, wi_1, wo; two norms
        assertEquals(32128 * d + 24 * block + 32 * 64 + d, PartSizes.t5EncoderParameters(JSON.readTree(T5_XXL)));
        assertEquals(4_762_310_656L, PartSizes.t5EncoderParameters(JSON.readTree(T5_XXL)));
        long e = 1024;
        long vaeBlock = 3 * e * e + 3 * e + e * e + e + 2 * e + 2 * 4096 * e + 4096 + e;
        long positions = (4 * 32 * 32 + 1) * e;
        long encoder = e * 3 * 4 * 8 * 8 + e + e + positions + 24 * vaeBlock + 2 * e + 32 * e + 32;
        long decoder = 16 * e + e + e + positions + 24 * vaeBlock + 2 * e + 3 * 4 * 27 + 3;
        assertEquals(encoder + decoder, PartSizes.vitVaeParameters(JSON.readTree(VAE_DD)));
        assertEquals(613_755_239L, encoder + decoder);
    }

    /**
     * The released DiTs as the engine holds them: the products (q qx k v, proj, fc1 fc2; ada, kv_xattn) at 2 bytes a
     * bf16 weight, 1 an fp8 code (with a 1 KiB value table each and the float32 input divisors: the per-tensor
     * input_scale [in], the per-channel smooth_scale), the gate bias twice, norms and embedders in float32, the null
     * caption and rope bands in host memory, the final linear's velocity rows at 2 bytes; the timestep frequencies, the
     * swap matrix (128 x 128) and the bf16 table.
     */
    @Test
    void theReleasedDitsAreTheirTensorsByHand() throws IOException {
        long computed = 4 * (128 + 128 * 128 + 65536);
        // 4.5B: 34 layers of 3072, ffn 12288, 24 heads in 8 groups of 128, condition 768, caption 4096 x 800
        long rest45 = 4 * (3072 * 16 * 4 + (768 * 256 + 768 + 768 * 768 + 768) + (3072 * 4096 + 3072 + 768 * 4096 + 768)
                + 2 * 3072) + 2 * 64 * 3072 + computed;
        long fp845 = 2 * 3072 * 3072 + 2 * 1024 * 3072 + 3072 * 6144 + 2 * 12288 * 3072; // q qx k v, proj, fc1 fc2
        long bf45 = 2 * (6144 * 768 + 2048 * 3072) + 8 * 6144 + 4 * (8 * 128 + 8 * 3072); // ada, kv_xattn; bias, norms
        long quantized45 = fp845 + 7 * 1024 + 4 * (5 * 3072 + 6144 + 12288);
        assertEquals(rest45 + 34 * (2 * fp845 + bf45), HeldWeights.referenceDit(release("4.5B_distill", false)));
        assertEquals(8_950_011_392L, HeldWeights.referenceDit(release("4.5B_distill", false)));
        assertEquals(rest45 + 2 * (2 * fp845 + bf45) + 32 * (quantized45 + bf45),
                HeldWeights.referenceDit(release("4.5B_distill_quant", true)));
        // 24B: 48 layers of 6144, SwiGLU ffn 16384 (fc1 twice as tall), 48 heads in 8 groups, 32 channels in and out
        // of which the velocity's 16 are kept
        long rest24 = 4 * (6144 * 32 * 4 + (1536 * 256 + 1536 + 1536 * 1536 + 1536) + (6144 * 4096 + 6144 + 1536 * 4096
                + 1536) + 2 * 6144) + 2 * 64 * 6144 + computed;
        long fp824 = 2L * 6144 * 6144 + 2 * 1024 * 6144 + 6144 * 12288 + 32768L * 6144 + 6144 * 16384;
        long bf24 = 2 * (12288 * 1536 + 2048 * 6144) + 8 * 12288 + 4 * (8 * 128 + 8 * 6144);
        long quantized24 = fp824 + 7 * 1024 + 4 * (5 * 6144 + 12288 + 16384);
        assertEquals(rest24 + 2 * (2 * fp824 + bf24) + 46 * (quantized24 + bf24),
                HeldWeights.referenceDit(release("24B_distill_quant", true)));
        assertEquals(26_465_088_000L, HeldWeights.referenceDit(release("24B_distill_quant", true)));
    }

    @Test
    void theReleasesKvCacheAndTheir24GiBVerdict() throws IOException {
        MemoryPlan.Model m45 = releaseModel("4.5B_distill", false);
        MemoryPlan.Render r45 = MemoryPlans.referenceRender(release("4.5B_distill", false), 8);
        assertEquals(12_150, r45.tokensPerChunk(), "720 x 720 / 8 / 2: 45 x 45 tokens, 6 latent frames");
        MemoryPlan plan = new MemoryPlan(m45, r45, MemoryPlan.Placement.DEVICE, gpu(24), host(64));
        assertEquals(34L * 2 * 8 * 12_150 * 128 * Float.BYTES, plan.kvPerChunk(), "float32, as this engine holds it");
        assertTrue(plan.tiled());
        MemoryPlan.Render r24 = MemoryPlans.referenceRender(release("24B_distill_quant", true), 8);
        assertEquals(21_600, r24.tokensPerChunk(), "720 x 1280: 45 x 80 tokens, 6 latent frames");

        MemoryPlan fit = MemoryPlan.firstFit(releaseModel("24B_distill_quant", true), r24, gpu(24), host(64), true);
        assertFalse(fit.fits());
        String refusal = assertThrows(CheckpointException.class, fit::requireFits).getMessage();
        assertTrue(refusal.startsWith("24B_distill_quant_config.json (23.9 B distill fp8) needs ~"), refusal);
        assertTrue(refusal.contains("DiT 24.6 GiB") && refusal.contains("even with the T5 encoder and the KV cache in host"
                + " memory") && refusal.contains("window 1") && refusal.endsWith("gpu:0 has 24.0 GiB"), refusal);
        assertFalse(refusal.contains("\n"));
    }

    /** Prints the table of docs/MODEL.md: a 24 GiB GPU (an RTX 4090) and 64 GiB of host memory. */
    @Test
    void theReleasesTable() throws IOException {
        String[] names = {"4.5B_distill", "4.5B_distill_quant", "24B_distill_quant"};
        String[] heads = {"DiT weights (as held)", "T5 encoder, fp32 / bf16", "VAE (float32, as held)", "tokens a chunk (video size)",
                "KV cache a chunk (float32); 4 cached chunks", "pass working memory, window 4 / 3 / 1",
                "on the GPU, everything there, window 4 / 3 / 1", "on the GPU, T5 on the CPU, window 4 / 3 / 1",
                "on the GPU, T5 on the CPU and KV in host memory, window 4 / 3 / 1", "first that fits 24 GiB"};
        StringBuilder[] rows = new StringBuilder[heads.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new StringBuilder("| " + heads[i] + " |");
        }
        long t5 = PartSizes.t5EncoderParameters(JSON.readTree(T5_XXL));
        for (String name : names) {
            boolean fp8 = name.endsWith("quant");
            MemoryPlan.Model m = releaseModel(name, fp8);
            MemoryPlan.Render render = MemoryPlans.referenceRender(release(name, fp8), 8);
            MemoryPlan all = new MemoryPlan(m, render, MemoryPlan.Placement.DEVICE, gpu(24), host(64));
            MemoryPlan fit = MemoryPlan.firstFit(m, render, gpu(24), host(64), true);
            cell(rows[0], MemoryPlan.size(m.dit()));
            cell(rows[1], MemoryPlan.size(4 * t5) + " / " + MemoryPlan.size(2 * t5));
            cell(rows[2], MemoryPlan.size(m.vae()));
            cell(rows[3], String.format("%,d (%s)", render.tokensPerChunk(), render.size()));
            cell(rows[4], MemoryPlan.size(all.kvPerChunk()) + "; " + MemoryPlan.size(all.kvCache()));
            cell(rows[5], windows(m, render, MemoryPlan.Placement.DEVICE, true));
            cell(rows[6], windows(m, render, MemoryPlan.Placement.DEVICE, false));
            cell(rows[7], windows(m, render, new MemoryPlan.Placement(true, false), false));
            cell(rows[8], windows(m, render, new MemoryPlan.Placement(true, true), false));
            cell(rows[9], fit.fits() ? how(fit) + ": " + MemoryPlan.size(fit.onDevice()) : "none");
            System.out.println("plan: " + (fit.fits() ? fit.summary() : fit.refusal()));
        }
        System.out.println("| | 4.5B-distill bf16 | 4.5B-distill fp8 | 24B-distill fp8 |");
        System.out.println("|---|---|---|---|");
        for (StringBuilder row : rows) {
            System.out.println(row);
        }
    }

    private static void cell(StringBuilder row, String text) {
        row.append(' ').append(text).append(" |");
    }

    /** The pass's working memory, or what goes on the GPU, at windows 4, 3 and 1. */
    private static String windows(MemoryPlan.Model m, MemoryPlan.Render r, MemoryPlan.Placement p, boolean pass) {
        StringBuilder s = new StringBuilder();
        for (int w : new int[] {4, 3, 1}) {
            MemoryPlan plan = new MemoryPlan(m, r.withWindow(w), p, gpu(24), host(64));
            s.append(s.length() > 0 ? " / " : "").append(MemoryPlan.size(pass ? plan.activations() : plan.onDevice()));
        }
        return s.toString();
    }

    private static String how(MemoryPlan plan) {
        String s = plan.placement().t5OnHost() ? "T5 on the CPU" : "everything on the GPU";
        s += plan.placement().kvOnHost() ? ", KV in host memory" : "";
        return s + ", window " + plan.render().window();
    }

    @Test
    void theEngineRefusesWhatDoesNotFitBeforeReadingAWeight() {
        System.setProperty(DeviceMemory.CPU_PROPERTY, "20MiB");
        try {
            String nano = assertThrows(CheckpointException.class,
                    () -> MagiModel.load(Fixture.CHECKPOINT, false, DeviceName.CPU)).getMessage();
            assertTrue(nano.startsWith("nano needs ~") && nano.endsWith("cpu has 20 MiB"), nano);
            System.setProperty(DeviceMemory.CPU_PROPERTY, "1KiB");
            String tiny = assertThrows(CheckpointException.class, () -> MagiModel.load(
                    ReferenceCheckpointTest.TINY.resolve("tiny_distill_config.json"), false, DeviceName.CPU)).getMessage();
            assertTrue(tiny.startsWith("tiny_distill_config.json (") && tiny.contains("needs ~") && tiny.contains("window 1"), tiny);
        } finally {
            System.clearProperty(DeviceMemory.CPU_PROPERTY);
        }
    }

    /**
     * A pass's MLP half holds fc1's output and the activation's: F + F values a token with GELU, 2 F + F with the
     * gated linear unit (its halves are views of fc1's output and SiLU x value is taken in place, Ops.siluAndMul).
     */
    @Test
    void aGatedMlpIsPlannedWithFc1sTwoHalvesAndOneProduct() throws IOException {
        MemoryPlan.Render render = new MemoryPlan.Render("16x16", 96, 1, 0, 0);
        int d = 64;
        int f = 512; // wide enough that the MLP half outweighs the attention half
        MemoryPlan gelu = new MemoryPlan(new MemoryPlan.Model("gelu", 0, 0, 0, 3, d, f, f, 8, 4, 8, 64, 4), render,
                MemoryPlan.Placement.DEVICE, host(1), host(1));
        MemoryPlan glu = new MemoryPlan(new MemoryPlan.Model("glu", 0, 0, 0, 3, d, 2 * f, f, 8, 4, 8, 64, 4), render,
                MemoryPlan.Placement.DEVICE, host(1), host(1));
        assertEquals(96L * f * 4, glu.activations() - gelu.activations(), "one more F values a token, 4 bytes each");
        try (ReferenceCheckpoint ckpt = ReferenceCheckpoint.open(ReferenceCheckpointTest.TINY.resolve("tiny24_distill_config.json"))) {
            MemoryPlan.Model m = MemoryPlans.reference(ckpt, DeviceName.CPU).model();
            assertEquals(2 * m.ffnHidden(), m.fc1Rows());
        }
    }

    @Test
    void memorySizesAreReadAsWritten() {
        assertEquals(24 * GIB, DeviceMemory.bytes("24GiB"));
        assertEquals(24 * GIB, DeviceMemory.bytes("24 G"));
        assertEquals(24_000_000_000L, DeviceMemory.bytes("24GB"));
        assertEquals(512L << 20, DeviceMemory.bytes("512MiB"));
        assertEquals(1234, DeviceMemory.bytes("1234"));
        assertThrows(IllegalArgumentException.class, () -> DeviceMemory.bytes("lots"));
        DeviceMemory host = DeviceMemory.host();
        assertTrue(host.total() > 0 && host.available() > 0 && host.available() <= host.total(), host.toString());
    }

    private static DeviceMemory gpu(long gib) {
        return new DeviceMemory(DeviceName.gpu(0), gib * GIB, gib * GIB);
    }

    private static DeviceMemory host(long gib) {
        return new DeviceMemory(DeviceName.CPU, gib * GIB, gib * GIB);
    }

    private MemoryPlan.Model releaseModel(String name, boolean fp8) throws IOException {
        ReferenceConfig c = release(name, fp8);
        long t5 = PartSizes.t5EncoderParameters(JSON.readTree(T5_XXL)) * Float.BYTES; // Google's release: float32
        long vae = PartSizes.vitVaeParameters(JSON.readTree(VAE_DD)) * MemoryPlans.REFERENCE_VAE_BYTES;
        return MemoryPlans.referenceModel(c, HeldWeights.referenceDit(c), t5, vae);
    }

    /**
     * The reference's example/{4.5B,24B}/NAME_config.json as far as sizes go: the tiny distill config with the
     * release's model_config, video size, window and engine_config flags.
     */
    private ReferenceConfig release(String name, boolean fp8) throws IOException {
        boolean big = name.startsWith("24B");
        ObjectNode root = (ObjectNode) JSON.readTree(ReferenceCheckpointTest.TINY.resolve("tiny_distill_config.json").toFile());
        ObjectNode m = (ObjectNode) root.get("model_config");
        m.put("num_layers", big ? 48 : 34).put("hidden_size", big ? 6144 : 3072).put("ffn_hidden_size", big ? 16384 : 12288)
                .put("num_attention_heads", big ? 48 : 24).put("num_query_groups", 8).put("kv_channels", 128)
                .put("x_rescale_factor", big ? 0.1 : 1).put("half_channel_vae", big).put("in_channels", big ? 32 : 16)
                .put("out_channels", big ? 32 : 16).put("caption_channels", 4096).put("caption_max_length", 800)
                .put("gated_linear_unit", big).put("params_dtype", "torch.bfloat16");
        ObjectNode r = (ObjectNode) root.get("runtime_config");
        r.put("video_size_h", 720).put("video_size_w", big ? 1280 : 720).put("window_size", 4).put("chunk_width", 6)
                .put("cfg_number", 1);
        r.set("noise2clean_kvrange", JSON.readTree("[5, 4, 3, 2]"));
        ((ObjectNode) root.get("engine_config")).put("fp8_quant", fp8).put("distill", true);
        Path file = dir.resolve(name + "_config.json");
        Files.writeString(file, root.toPrettyString());
        return ReferenceConfig.read(file);
    }
}
