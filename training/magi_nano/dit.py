"""The MAGI DiT at nano size, following the reference's module names and dataflow.

One forward pass takes the latents of some chunks (the "current" chunks, each with its own t and caption), and
optionally the cached keys/values of earlier chunks. Attention is block-causal over chunks: a token of chunk q sees
the tokens of chunk k when k <= q and q - k < kv_range[q] (counting itself). Each layer: LayerNorm -> q, qx, k, v
projections; QK-norm (LayerNorm over the head dim); 3-D rotary embedding on q and k; GQA self-attention and
cross-attention to the chunk's caption side by side; one projection of both; a tanh-capped gate from the condition
(timestep + step-size embedding + "has caption" vector); a LayerNorm of the gated output ("sandwich") before the
residual add; the same for the MLP.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

TOKENS_PER_FRAME_REF = 16  # the reference's spatial grid for rotary rescaling (ref_feat_shape), see rope_grid()


class LayerNorm1p(nn.Module):
    """LayerNorm with a zero-centred gamma (weight + 1), the reference's apply_layernorm_1p."""

    def __init__(self, dim, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(dim))
        self.bias = nn.Parameter(torch.zeros(dim))
        self.eps = eps

    def forward(self, x):
        return F.layer_norm(x, x.shape[-1:], self.weight + 1, self.bias, self.eps)


def timestep_embedding(t, dim=256, max_period=10000.0, rescale=1000.0, float32=False):
    half = dim // 2
    if float32:
        # the reference's TimestepEmbedder: the exponent rounded to float32, torch's float32 exp (on x86 CPUs SLEEF's
        # expf_u10; the Java engine computes the same algorithm, VideoDit.expf). It differs from the double path by up
        # to 7 ulps, which the distilled step-size embedding (32 000 radians at 64 steps) turns into 2e-4.
        freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32) / half)
    else:
        # frequencies in double, then rounded: float32 exp differs by an ulp between libtorch builds, and an ulp at
        # t * 1000 radians is visible
        freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float64) / half).float()
    args = t[:, None].float() * freqs[None] * rescale
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class TimestepEmbedder(nn.Module):
    def __init__(self, cond_dim, freq_dim=256, float32=False):
        super().__init__()
        self.freq_dim = freq_dim
        self.float32 = float32
        self.mlp = nn.Sequential(nn.Linear(freq_dim, cond_dim), nn.SiLU(), nn.Linear(cond_dim, cond_dim))

    def forward(self, t):
        return self.mlp(timestep_embedding(t, self.freq_dim, float32=self.float32))


def reference_step_count(num_steps, distill_interval):
    """The step count whose step-size embedding the reference adds (dit_model.py): num_steps, except for 12 steps,
    where it takes 4 / distill_interval * 2, the embedding of 16 / interval steps (intervals 1 or 2)."""
    if num_steps != 12:
        return num_steps
    if distill_interval <= 0 or 16 % distill_interval:
        raise ValueError("a 12-step interval of %s (the reference's are 1 or 2)" % distill_interval)
    return 16 // distill_interval


class CaptionEmbedder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d, cc = cfg["hidden_size"], cfg["caption_channels"]
        self.y_proj_xattn = nn.Sequential(nn.Linear(cc, int(d * cfg["xattn_cond_hidden_ratio"])), nn.SiLU())
        self.y_proj_adaln = nn.Sequential(nn.Linear(cc, int(d * cfg["cond_hidden_ratio"])))
        self.null_caption_embedding = nn.Parameter(torch.randn(cfg["caption_max_length"], cc) * 0.02)
        # How many leading null-caption positions are attended to: every one for nano (absent or 0), 50 in the
        # reference (video_generate.py, null_token_length).
        self.null_valid = cfg.get("null_caption_valid_tokens") or 0

    def forward(self, caption, mask, null):
        """caption [B, K, L, Cc], mask [B, K, L], null [B, K] bool -> xattn [B, K, L, D], mask, adaln [B, K, Dc].
        A null caption uses the learned null embedding with every position valid; the adaLN vector is the
        second-last (has caption) or last (null) row of the null embedding."""
        nul = null[..., None, None]
        caption = torch.where(nul, self.null_caption_embedding.expand_as(caption), caption)
        null_mask = torch.ones_like(mask)
        if self.null_valid:
            null_mask[..., self.null_valid:] = 0
        mask = torch.where(null[..., None], null_mask, mask)
        row = torch.where(null[..., None], self.null_caption_embedding[-1], self.null_caption_embedding[-2])
        return self.y_proj_xattn(caption), mask, self.y_proj_adaln(row)


def rope_bands(head_dim, temperature):
    n = head_dim // 8
    return 1.0 / (temperature ** (torch.arange(n, dtype=torch.float32) / n))


def rope_grid(frames, h, w, ref_grid=TOKENS_PER_FRAME_REF):
    """Positions (t, y, x) per token, t the absolute latent frame; y/x centred and stretched as if the grid were
    ref_grid x ref_grid (the reference's ref_feat_shape rescaling)."""
    ys = torch.arange(h, dtype=torch.float32) - (h - 1) / 2
    xs = torch.arange(w, dtype=torch.float32) - (w - 1) / 2
    rescale = math.sqrt(h * w / float(ref_grid * ref_grid))
    if h > 1:
        ys = ys / (h - 1) * (h / rescale - 1)
    if w > 1:
        xs = xs / (w - 1) * (w / rescale - 1)
    t = frames.float()
    g = torch.stack(torch.meshgrid(t, ys, xs, indexing="ij"), dim=-1)  # T h w 3
    return g.reshape(-1, 3)


def rope_cos_sin(positions, bands):
    """positions [N, 3] -> cos, sin [N, 3 * len(bands)]."""
    pos = (positions[:, :, None] * bands[None, None, :]).reshape(positions.shape[0], -1)
    return torch.cos(pos), torch.sin(pos)


def apply_rope(x, cos, sin):
    """x [B, H, N, D]; rotates the first 2 * cos.shape[-1] dims, halves not interleaved."""
    r = cos.shape[-1]
    x1, x2, rest = x[..., :r], x[..., r:2 * r], x[..., 2 * r:]
    return torch.cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin, rest], dim=-1)


def block_mask(q_chunks, k_chunks, kv_range):
    """Additive mask [Nq, Nk]: query of chunk a sees key of chunk b iff b <= a and a - b < kv_range(a)."""
    a = q_chunks[:, None]
    b = k_chunks[None, :]
    rng = kv_range[:, None]
    ok = (b <= a) & (a - b < rng)
    return torch.where(ok, torch.zeros((), dtype=torch.float32), torch.full((), -1e9))


def sincos_positions(grid, dim, rms=0.2):
    """The start of a learned position table [T*h*w, dim]: sines and cosines of the frame, row and column in a
    third of the dimensions each, less their mean over the tokens, scaled to `rms`. A zero start learns too slowly:
    after 533 steps from ckpt/nano such a table had an rms of 0.005 against the tokens' 0.54."""
    part = (dim // 3) // 2 * 2
    axes = []
    for n in grid:
        pos = torch.arange(n, dtype=torch.float64)[:, None]
        freqs = 1.0 / (100.0 ** (torch.arange(part // 2, dtype=torch.float64) / (part // 2)))
        axes.append(torch.cat([torch.sin(pos * freqs), torch.cos(pos * freqs)], dim=1))
    t, y, x = (a.shape[0] for a in axes)
    table = torch.zeros(t, y, x, dim, dtype=torch.float64)
    table[..., :part] = axes[0][:, None, None, :]
    table[..., part:2 * part] = axes[1][None, :, None, :]
    table[..., 2 * part:3 * part] = axes[2][None, None, :, :]
    table = table.reshape(t * y * x, dim)
    table = table - table.mean(0, keepdim=True)
    return (table * (rms / table.pow(2).mean().sqrt())).float()


class Rope(nn.Module):
    """Learnable frequency bands of the 3-D rotary embedding (the reference's LearnableRotaryEmbeddingCat)."""

    def __init__(self, head_dim, temperature):
        super().__init__()
        self.bands = nn.Parameter(rope_bands(head_dim, temperature))


class LinearQKV(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d = cfg["hidden_size"]
        hd = cfg["kv_channels"]
        self.layer_norm = nn.LayerNorm(d, eps=cfg["layernorm_epsilon"])
        self.q = nn.Linear(d, cfg["num_attention_heads"] * hd, bias=False)
        self.qx = nn.Linear(d, cfg["num_attention_heads"] * hd, bias=False)
        self.k = nn.Linear(d, cfg["num_query_groups"] * hd, bias=False)
        self.v = nn.Linear(d, cfg["num_query_groups"] * hd, bias=False)


class SelfAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        hd, eps = cfg["kv_channels"], cfg["layernorm_epsilon"]
        self.heads, self.groups, self.hd = cfg["num_attention_heads"], cfg["num_query_groups"], hd
        self.linear_qkv = LinearQKV(cfg)
        self.linear_kv_xattn = nn.Linear(int(cfg["hidden_size"] * cfg["xattn_cond_hidden_ratio"]),
                                         2 * self.groups * hd, bias=False)
        self.linear_proj = nn.Linear(2 * self.heads * hd, cfg["hidden_size"], bias=False)
        # The reference reorders linear_proj's input "(n hn hd) -> (hn n hd)" with hn = 8 (its tensor-parallel
        # layout); nano does not (absent or 1).
        self.interleave = cfg.get("linear_proj_interleave", 1)
        self.q_layernorm = LayerNorm1p(hd, eps)
        self.k_layernorm = LayerNorm1p(hd, eps)
        self.q_layernorm_xattn = LayerNorm1p(hd, eps)
        self.k_layernorm_xattn = LayerNorm1p(hd, eps)

    def _heads(self, t, n):
        b, s, _ = t.shape
        return t.reshape(b, s, n, self.hd).transpose(1, 2)  # B n S hd

    def _attend(self, q, k, v, bias):
        rep = self.heads // self.groups
        k = k.repeat_interleave(rep, dim=1)
        v = v.repeat_interleave(rep, dim=1)
        s = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(self.hd)) + bias
        return torch.matmul(torch.softmax(s, dim=-1), v)

    def forward(self, x, cos, sin, mask, past, y_xattn, y_mask, tokens_per_chunk):
        """x [B, N, D]; past None or (k, v) [B, G, Np, hd] already normed and rotated; y_xattn [B, K, L, D],
        y_mask [B, K, L]. Returns attention output [B, N, D] and this call's (k, v)."""
        b, n, _ = x.shape
        h = self.linear_qkv.layer_norm(x)
        q = apply_rope(self.q_layernorm(self._heads(self.linear_qkv.q(h), self.heads)), cos, sin)
        k = apply_rope(self.k_layernorm(self._heads(self.linear_qkv.k(h), self.groups)), cos, sin)
        v = self._heads(self.linear_qkv.v(h), self.groups)
        kk, vv = (k, v) if past is None else (torch.cat([past[0], k], 2), torch.cat([past[1], v], 2))
        core = self._attend(q, kk, vv, mask)  # B H N hd
        # cross-attention: every chunk attends to its own caption
        kc = y_xattn.shape[1]
        qx = self.q_layernorm_xattn(self._heads(self.linear_qkv.qx(h), self.heads))  # B H N hd
        qx = qx.reshape(b, self.heads, kc, tokens_per_chunk, self.hd).permute(0, 2, 1, 3, 4)  # B K H T hd
        kvx = self.linear_kv_xattn(y_xattn)  # B K L 2*G*hd
        L = kvx.shape[2]
        kvx = kvx.reshape(b, kc, L, self.groups, 2 * self.hd)
        kx, vx = kvx[..., :self.hd], kvx[..., self.hd:]
        kx = self.k_layernorm_xattn(kx).permute(0, 1, 3, 2, 4)  # B K G L hd
        vx = vx.permute(0, 1, 3, 2, 4)
        xbias = ((1.0 - y_mask.float()) * -1e9)[:, :, None, None, :]  # B K 1 1 L
        rep = self.heads // self.groups
        kx = kx.repeat_interleave(rep, dim=2)
        vx = vx.repeat_interleave(rep, dim=2)
        sx = torch.matmul(qx, kx.transpose(-1, -2)) * (1.0 / math.sqrt(self.hd)) + xbias
        xo = torch.matmul(torch.softmax(sx, dim=-1), vx)  # B K H T hd
        xo = xo.permute(0, 2, 1, 3, 4).reshape(b, self.heads, n, self.hd)
        out = torch.cat([core, xo], dim=1)  # B 2H N hd
        out = out.transpose(1, 2).reshape(b, n, 2 * self.heads * self.hd)
        if self.interleave > 1:
            out = out.reshape(b, n, 2, self.interleave, -1).transpose(2, 3).reshape(b, n, 2 * self.heads * self.hd)
        return self.linear_proj(out), (k, v)


class MLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.layer_norm = nn.LayerNorm(cfg["hidden_size"], eps=cfg["layernorm_epsilon"])
        self.linear_fc1 = nn.Linear(cfg["hidden_size"], cfg["ffn_hidden_size"], bias=False)
        self.linear_fc2 = nn.Linear(cfg["ffn_hidden_size"], cfg["hidden_size"], bias=False)

    def forward(self, x):
        return self.linear_fc2(F.gelu(self.linear_fc1(self.layer_norm(x))))


class AdaModulateLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.proj = nn.Sequential(nn.Linear(int(cfg["hidden_size"] * cfg["cond_hidden_ratio"]),
                                            int(cfg["hidden_size"] * cfg["cond_gating_ratio"] * 2)))

    def forward(self, c):
        return self.proj(F.silu(c))


class TransformerLayer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cap = cfg["softcap_gate_cap"]
        self.ada_modulate_layer = AdaModulateLayer(cfg)
        self.self_attention = SelfAttention(cfg)
        self.self_attn_post_norm = LayerNorm1p(cfg["hidden_size"], cfg["layernorm_epsilon"])
        self.mlp = MLP(cfg)
        self.mlp_post_norm = LayerNorm1p(cfg["hidden_size"], cfg["layernorm_epsilon"])
        # The sandwich norms start with a gain of 0.2, so each block first adds little to the residual stream. In a
        # 200-step overfit run, gain 1 reached loss 0.51 and blocks without a post-norm (small gated outputs) 0.40.
        for norm in (self.self_attn_post_norm, self.mlp_post_norm):
            nn.init.constant_(norm.weight, -0.8)

    def forward(self, x, cond_tokens, cos, sin, mask, past, y_xattn, y_mask, tokens_per_chunk):
        gates = self.cap * torch.tanh(self.ada_modulate_layer(cond_tokens) / self.cap)
        gate_msa, gate_mlp = gates.chunk(2, dim=-1)
        a, kv = self.self_attention(x, cos, sin, mask, past, y_xattn, y_mask, tokens_per_chunk)
        x = x + self.self_attn_post_norm(a * gate_msa)
        x = x + self.mlp_post_norm(self.mlp(x) * gate_mlp)
        return x, kv


class TransformerBlock(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.layers = nn.ModuleList([TransformerLayer(cfg) for _ in range(cfg["num_layers"])])
        self.final_layernorm = LayerNorm1p(cfg["hidden_size"], cfg["layernorm_epsilon"])


class FinalLinear(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        p, pt = cfg["patch_size"], cfg["t_patch_size"]
        self.linear = nn.Linear(cfg["hidden_size"], p * p * pt * cfg["out_channels"], bias=False)


class VideoDiT(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        d = cfg["hidden_size"]
        p, pt = cfg["patch_size"], cfg["t_patch_size"]
        self.x_embedder = nn.Conv3d(cfg["in_channels"], d, kernel_size=(pt, p, p), stride=(pt, p, p), bias=False)
        # The reference's timestep frequencies (float32 exponent and exp) where the config says so; nano's in double.
        self.t_embedder = TimestepEmbedder(int(d * cfg["cond_hidden_ratio"]), float32=bool(cfg.get("timestep_float32")))
        self.y_embedder = CaptionEmbedder(cfg)
        self.rope = Rope(cfg["kv_channels"], cfg["rope_temperature"])
        grid = cfg.get("abs_pos_embed")
        if grid:
            # Nano's departure from the reference (absent there): a learned position per token of a chunk, latent
            # frame x row x column. With rotary positions alone a pure-noise input looks the same at every place
            # and frame, so the prediction at high noise cannot say where the named motion takes the object.
            self.abs_pos_embed = nn.Parameter(sincos_positions(grid, d))
        self.videodit_blocks = TransformerBlock(cfg)
        self.final_linear = FinalLinear(cfg)
        nn.init.zeros_(self.final_linear.linear.weight)

    def step_embedding_value(self, num_steps):
        """The reference's distill_dt_factor: num_steps / 4 * 2."""
        return num_steps / 4.0 * 2.0

    def forward(self, x, t, caption, caption_mask, caption_null, num_steps, chunk_index, kv_range,
                past=None, past_chunks=None, return_kv=False):
        """
        x [B, C, 6K, H, W]: latents of K current chunks; t [B, K] (1 = clean); caption [B, K, L, Cc] with
        caption_mask [B, K, L] and caption_null [B, K] (bool); num_steps [B] (step count the sampler uses);
        chunk_index [K] absolute chunk numbers (rotary time positions and the causal order); kv_range [K];
        past: per layer (k, v) [B, G, Np, hd] of cached earlier chunks whose chunk numbers per token are
        past_chunks [Np]. Returns the velocity [B, C, 6K, H, W] (and per layer (k, v) of the current tokens).
        """
        cfg = self.cfg
        b, c, T, H, W = x.shape
        K = t.shape[1]
        fpc = T // K  # latent frames per chunk
        p = cfg["patch_size"]
        h, w = H // p, W // p
        tpc = fpc * h * w  # tokens per chunk
        tok = self.x_embedder(x * cfg["x_rescale_factor"])  # B D T h w
        tok = tok.flatten(2).transpose(1, 2)  # B N D, order (t, h, w)
        if cfg.get("abs_pos_embed"):
            if list(cfg["abs_pos_embed"]) != [fpc, h, w]:
                raise ValueError("abs_pos_embed is for chunks of %s tokens, not %s" % (cfg["abs_pos_embed"], [fpc, h, w]))
            tok = tok + self.abs_pos_embed.repeat(K, 1)[None]

        frames = (chunk_index[:, None] * fpc + torch.arange(fpc)[None, :]).reshape(-1)
        cos, sin = rope_cos_sin(rope_grid(frames, h, w, cfg["rope_ref_grid"]), self.rope.bands)

        te = self.t_embedder(t.reshape(-1)).reshape(b, K, -1)
        if cfg.get("step_embedding", True):  # the reference adds it only to distilled models; nano always
            te = te + self.t_embedder(self.step_embedding_value(num_steps.float()))[:, None, :]
        y_xattn, y_mask, y_adaln = self.y_embedder(caption, caption_mask, caption_null)
        cond = te + y_adaln  # B K Dc
        cond_tokens = cond.repeat_interleave(tpc, dim=1)  # B N Dc

        q_chunks = chunk_index.repeat_interleave(tpc)
        k_chunks = q_chunks if past_chunks is None else torch.cat([past_chunks, q_chunks])
        mask = block_mask(q_chunks, k_chunks, kv_range.repeat_interleave(tpc))

        kvs = []
        for i, layer in enumerate(self.videodit_blocks.layers):
            tok, kv = layer(tok, cond_tokens, cos, sin, mask, None if past is None else past[i],
                            y_xattn, y_mask, tpc)
            kvs.append(kv)
        tok = self.videodit_blocks.final_layernorm(tok)
        out = self.final_linear.linear(tok)  # B N (p p pt C)
        out = out.reshape(b, T, h, w, p, p, c).permute(0, 6, 1, 2, 4, 3, 5).reshape(b, c, T, H, W)
        out = out / cfg["x_rescale_factor"]
        return (out, kvs) if return_kv else out
