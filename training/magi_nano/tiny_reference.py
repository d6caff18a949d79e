"""Tiny checkpoints in the MAGI-1 reference's own on-disk format (SandAI-org/MAGI-1, as downloaded), for the Java
engine's tests of reference checkpoints: same folder layout, config sections and fields, tensor names, dtypes and
shapes (as functions of the config) as the 4.5B and 24B releases, at a size of a few hundred kilobytes each.

    cd training && /usr/bin/python3 -m magi_nano.tiny_reference --out ../ckpt/tiny-reference

Layout written (the reference's `runtime_config` paths are relative to the config file here):

    tiny_base_config.json            4.5B-shaped, bf16, cfg_number 3   -> magi/tiny_base/inference_weight/model.safetensors
    tiny_distill_config.json         4.5B-shaped, bf16, distill        -> magi/tiny_distill/inference_weight.distill/ (index + 2 shards)
    tiny_distill_quant_config.json   4.5B-shaped, fp8, distill         -> magi/tiny_distill_quant/inference_weight.fp8.distill/ (index + 2 shards)
    tiny24_distill_config.json       24B-shaped (SwiGLU, half-channel VAE, x_rescale 0.1), bf16, distill
                                                                       -> magi/tiny24_distill/inference_weight.distill/ (index + 3 shards)
    tiny24_distill_quant_config.json the same weights, fp8, distill   -> magi/tiny24_distill_quant/inference_weight.fp8.distill/ (index + 2 shards)
    fixtures/dit_forward_*.safetensors   dit.py's forward on tiny_distill and tiny_base with the reference's switches
    fixtures/t5_tiny.safetensors         t5_reference.py's T5 encoder and tokenization on the tiny T5
    fixtures/reference_*.safetensors     the reference's own code on them (reference_harness.py; kept, not written here)
    t5/t5-v1_1-xxl/                  a Hugging Face T5 encoder folder: config.json, model.safetensors, spiece.model, ...
    vae/                             a diffusers ViTVAE folder: config.json, diffusion_pytorch_model.safetensors
    vae24/                           the same with 16 latent channels, for the 24B-shaped variants
    assets/special_tokens.npz        the reference's special-token embeddings (caption, logo, 100 others)

The values are random (seeded): these checkpoints test reading and, later, arithmetic parity with the reference's
computation, not pictures. Everything is written with this package's own safetensors writer (never pickle).

fp8 (`distill_quant`), as the reference's dit_module.py declares it: in layers 1 .. L-2, linear_qkv.{q,qx,k,v} and
mlp.linear_fc1 are PerTensorQuantizedFp8Linear (`weight` [1, out, in] F8_E4M3, `weight_scale` [1], `input_scale`
[in]); self_attention.linear_proj and mlp.linear_fc2 are PerChannelQuantizedFp8Linear (`weight` [1, out, in] F8_E4M3,
`weight_scale` [1], `input_scale` [1], `smooth_scale` [1, in]). The reference computes
`bmm_fp8(clamp(x / input_scale or smooth_scale), weight) * input_scale * weight_scale`, so the codes here are chosen
so that `codes * weight_scale * input_scale` approximates the weight (per-tensor) or the weight times the smoothing
scale of its input column (per-channel). linear_kv_xattn, the gates, norms, embedders and the first and last layers
stay bf16.
"""
import argparse
import json
import os
import shutil

import numpy as np

from . import fp8, safetensors

FREQ = 256  # the timestep embedder's sinusoid width (TimestepEmbedder.frequency_embedding_size)

MODEL_45B = {
    "model_name": "videodit_ardf",
    "num_layers": 4,
    "hidden_size": 128,
    "ffn_hidden_size": 128,
    "num_attention_heads": 8,
    "num_query_groups": 4,
    "kv_channels": 16,
    "layernorm_epsilon": 1e-06,
    "apply_layernorm_1p": True,
    "x_rescale_factor": 1,
    "half_channel_vae": False,
    "params_dtype": "torch.bfloat16",
    "patch_size": 2,
    "t_patch_size": 1,
    "in_channels": 4,
    "out_channels": 4,
    "cond_hidden_ratio": 0.25,
    "caption_channels": 32,
    "caption_max_length": 64,
    "xattn_cond_hidden_ratio": 1.0,
    "cond_gating_ratio": 1.0,
    "gated_linear_unit": False,
}
# The 24B's departures: a SwiGLU MLP (fc1 twice as tall), x_rescale_factor 0.1 and a 16-channel latent duplicated to
# 32 in-channels (the reference hard-codes 16 and 32: video_generate.py, dit_model.py's asserts), so its VAE is vae24/.
# Narrower than the 4.5B-shaped ones (8 heads of 8) to stay a few hundred kilobytes.
MODEL_24B = dict(MODEL_45B, num_layers=3, hidden_size=64, kv_channels=8, ffn_hidden_size=96, x_rescale_factor=0.1,
                 half_channel_vae=True, in_channels=32, out_channels=32, gated_linear_unit=True)
LATENT_24B = 16


def runtime(cfg_number, steps, load, vae):
    return {
        "cfg_number": cfg_number,
        "cfg_t_range": [0.0, 0.0217, 0.1, 0.3, 0.999],
        "prev_chunk_scales": [1.5, 1.5, 1.5, 1.0, 1.0],
        "text_scales": [7.5, 7.5, 7.5, 0.0, 0.0],
        "noise2clean_kvrange": [5, 4, 3, 2],
        "clean_chunk_kvrange": 1,
        "clean_t": 0.9999,
        "seed": 1234,
        "num_frames": 48,
        "video_size_h": 16,
        "video_size_w": 16,
        "num_steps": steps,
        "window_size": 4,
        "fps": 24,
        "chunk_width": 6,
        "load": load,
        "t5_pretrained": "./t5",
        "t5_device": "cpu",
        "vae_pretrained": vae,
        "scale_factor": 0.18215,
        "temporal_downsample_factor": 4,
    }


def engine(fp8_quant, distill):
    return {
        "distributed_backend": "nccl",
        "distributed_timeout_minutes": 15,
        "pp_size": 1,
        "cp_size": 1,
        "cp_strategy": "cp_ulysses",
        "ulysses_overlap_degree": 1,
        "fp8_quant": fp8_quant,
        "distill_nearly_clean_chunk_threshold": 0.3,
        "shortcut_mode": "8,16,16",
        "distill": distill,
        "kv_offload": True,
        "enable_cuda_graph": False,
    }


# name, model, fp8, distill, cfg_number, steps, shards
VARIANTS = [
    ("tiny_base", MODEL_45B, False, False, 3, 64, 1),
    ("tiny_distill", MODEL_45B, False, True, 1, 64, 2),
    ("tiny_distill_quant", MODEL_45B, True, True, 1, 64, 2),
    ("tiny24_distill", MODEL_24B, False, True, 1, 16, 3),
    ("tiny24_distill_quant", MODEL_24B, True, True, 1, 16, 2),
]


def weight_dir(fp8_quant, distill):
    """checkpointing.load_state_dict: inference_weight, + .fp8 when fp8_quant, + .distill when distill."""
    return "inference_weight" + (".fp8" if fp8_quant else "") + (".distill" if distill else "")


class Gen:
    def __init__(self, seed):
        self.rng = np.random.RandomState(seed)

    def normal(self, shape, std):
        return (self.rng.standard_normal(shape) * std).astype(np.float32)

    def uniform(self, shape, lo, hi):
        return self.rng.uniform(lo, hi, shape).astype(np.float32)


def dit_tensors(m, seed):
    """The VideoDiTModel state dict (dit_model.py, dit_module.py) as float32 arrays, in the reference's names."""
    g = Gen(seed)
    d, p, tp = m["hidden_size"], m["patch_size"], m["t_patch_size"]
    cond = int(d * m["cond_hidden_ratio"])
    xattn = int(d * m["xattn_cond_hidden_ratio"])
    cc, cl = m["caption_channels"], m["caption_max_length"]
    hd, heads, groups = m["kv_channels"], m["num_attention_heads"], m["num_query_groups"]
    q_dim, kv_dim = heads * hd, groups * hd
    ffn = m["ffn_hidden_size"]
    fc1_out = 2 * ffn if m["gated_linear_unit"] else ffn
    rope_dim = d // heads  # LearnableRotaryEmbeddingCat(hidden_size // num_attention_heads)
    t = {
        "x_embedder.weight": g.normal((d, m["in_channels"], tp, p, p), 0.1),
        "t_embedder.mlp.0.weight": g.normal((cond, FREQ), 0.05),
        "t_embedder.mlp.0.bias": g.normal((cond,), 0.02),
        "t_embedder.mlp.2.weight": g.normal((cond, cond), 0.1),
        "t_embedder.mlp.2.bias": g.normal((cond,), 0.02),
        "y_embedder.y_proj_xattn.0.weight": g.normal((xattn, cc), 0.1),
        "y_embedder.y_proj_xattn.0.bias": g.normal((xattn,), 0.02),
        "y_embedder.y_proj_adaln.0.weight": g.normal((cond, cc), 0.1),
        "y_embedder.y_proj_adaln.0.bias": g.normal((cond,), 0.02),
        "y_embedder.null_caption_embedding": g.normal((cl, cc), 0.5),
        # freq_bands(dim // 8, temperature=10000, step=1), learned: the defaults, moved a little
        "rope.bands": (1.0 / 10000.0 ** (np.arange(rope_dim // 8) / (rope_dim // 8))).astype(np.float32)
        * g.uniform((rope_dim // 8,), 0.9, 1.1),
        "videodit_blocks.final_layernorm.weight": g.normal((d,), 0.05),
        "videodit_blocks.final_layernorm.bias": g.normal((d,), 0.02),
        "final_linear.linear.weight": g.normal((p * p * tp * m["out_channels"], d), 0.05),
    }
    for i in range(m["num_layers"]):
        n = "videodit_blocks.layers.%d." % i
        sa = n + "self_attention."
        gate_rows = int(d * m["cond_gating_ratio"] * 2)
        t.update({
            n + "ada_modulate_layer.proj.0.weight": g.normal((gate_rows, cond), 0.1),
            n + "ada_modulate_layer.proj.0.bias": g.normal((gate_rows,), 0.1),
            sa + "linear_qkv.layer_norm.weight": 1.0 + g.normal((d,), 0.05),  # torch LayerNorm: not zero-centred
            sa + "linear_qkv.layer_norm.bias": g.normal((d,), 0.02),
            sa + "linear_qkv.q.weight": g.normal((q_dim, d), 0.08),
            sa + "linear_qkv.qx.weight": g.normal((q_dim, d), 0.08),
            sa + "linear_qkv.k.weight": g.normal((kv_dim, d), 0.08),
            sa + "linear_qkv.v.weight": g.normal((kv_dim, d), 0.08),
            sa + "linear_kv_xattn.weight": g.normal((2 * kv_dim, xattn), 0.08),
            sa + "linear_proj.weight": g.normal((d, 2 * q_dim), 0.05),
            n + "self_attn_post_norm.weight": g.normal((d,), 0.05),  # FusedLayerNorm: 1 + weight
            n + "self_attn_post_norm.bias": g.normal((d,), 0.02),
            n + "mlp.layer_norm.weight": 1.0 + g.normal((d,), 0.05),
            n + "mlp.layer_norm.bias": g.normal((d,), 0.02),
            n + "mlp.linear_fc1.weight": g.normal((fc1_out, d), 0.08),
            n + "mlp.linear_fc2.weight": g.normal((d, ffn), 0.05),
            n + "mlp_post_norm.weight": g.normal((d,), 0.05),
            n + "mlp_post_norm.bias": g.normal((d,), 0.02),
        })
        for norm in ("q_layernorm", "q_layernorm_xattn", "k_layernorm", "k_layernorm_xattn"):
            t[sa + norm + ".weight"] = g.normal((hd,), 0.05)
            t[sa + norm + ".bias"] = g.normal((hd,), 0.02)
    return t


PER_TENSOR = ("self_attention.linear_qkv.q.weight", "self_attention.linear_qkv.qx.weight",
              "self_attention.linear_qkv.k.weight", "self_attention.linear_qkv.v.weight", "mlp.linear_fc1.weight")
PER_CHANNEL = ("self_attention.linear_proj.weight", "mlp.linear_fc2.weight")


def quantized(name, layers):
    """Which kind of fp8 linear the reference builds for this weight under fp8_quant (None: stays bf16)."""
    if not name.startswith("videodit_blocks.layers."):
        return None
    layer = int(name.split(".")[2])
    if layer == 0 or layer == layers - 1:
        return None
    if name.endswith(PER_TENSOR):
        return "tensor"
    if name.endswith(PER_CHANNEL):
        return "channel"
    return None


def to_disk(tensors, layers, fp8_quant, seed):
    """-> (arrays, dtypes) as the reference stores them: bf16, or the fp8 linears' codes and scales."""
    g = Gen(seed)
    out, dtypes = {}, {}
    for name in sorted(tensors):
        w = tensors[name]
        kind = quantized(name, layers) if fp8_quant else None
        base = name[:-len(".weight")] if kind else None
        if kind == "tensor":
            input_scale = np.float32(g.uniform((), 0.005, 0.02))
            weight_scale = np.float32(np.max(np.abs(w)) / fp8.E4M3_MAX)
            out[name] = fp8.encode(w / weight_scale)[None]
            dtypes[name] = "F8_E4M3"
            out[base + ".weight_scale"] = np.array([weight_scale], np.float32)
            out[base + ".input_scale"] = np.full((w.shape[1],), input_scale, np.float32)
        elif kind == "channel":
            smooth = g.uniform((1, w.shape[1]), 0.5, 2.0)
            input_scale = np.float32(1.0)
            smoothed = w * smooth
            weight_scale = np.float32(np.max(np.abs(smoothed)) / fp8.E4M3_MAX)
            out[name] = fp8.encode(smoothed / (weight_scale * input_scale))[None]
            dtypes[name] = "F8_E4M3"
            out[base + ".weight_scale"] = np.array([weight_scale], np.float32)
            out[base + ".input_scale"] = np.array([input_scale], np.float32)
            out[base + ".smooth_scale"] = smooth
        else:
            out[name] = fp8.to_bf16_bits(w)
            dtypes[name] = "BF16"
    return out, dtypes


def shard_of(name, layers, shards):
    """Embedders in the first shard, the final norm and linear in the last, layers spread in order."""
    if name.startswith("videodit_blocks.layers."):
        return min(shards - 1, int(name.split(".")[2]) * shards // layers)
    if name.startswith(("videodit_blocks.final_layernorm", "final_linear")):
        return shards - 1
    return 0


def write_weights(folder, arrays, dtypes, layers, shards):
    os.makedirs(folder, exist_ok=True)
    if shards == 1:
        safetensors.save(os.path.join(folder, "model.safetensors"), arrays, metadata={"format": "pt"}, dtypes=dtypes)
        return
    names = ["model-%05d-of-%05d.safetensors" % (s + 1, shards) for s in range(shards)]
    parts = [{} for _ in range(shards)]
    weight_map, total = {}, 0
    for name, a in arrays.items():
        s = shard_of(name, layers, shards)
        parts[s][name] = a
        weight_map[name] = names[s]
        total += a.nbytes
    for s in range(shards):
        safetensors.save(os.path.join(folder, names[s]), parts[s], metadata={"format": "pt"},
                         dtypes={k: v for k, v in dtypes.items() if k in parts[s]})
    with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}, f, indent=2)
        f.write("\n")


# ---------------------------------------------------------------- T5 (Hugging Face T5EncoderModel folder)

WORDS = ["a", "the", "red", "green", "blue", "ball", "cat", "dog", "runs", "jumps", "over", "fence", "in", "on",
         "park", "sun", "sky", "car", "moves", "left", "right", "slowly", "fast", "bird", "flies", "tree", "water"]


def spiece_pieces():
    """(piece, score, type): T5's special pieces first (pad 0, eos 1, unk 2), then words and single letters."""
    pieces = [("<pad>", 0.0, 3), ("</s>", 0.0, 3), ("<unk>", 0.0, 2), ("\u2581", -3.0, 1)]
    pieces += [("\u2581" + w, -4.0 - 0.1 * i, 1) for i, w in enumerate(WORDS)]
    pieces += [(c, -8.0 - 0.01 * i, 1) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz.,")]
    return pieces


def _varint(n):
    n &= (1 << 64) - 1  # negative int32 values are written as 10-byte two's complement
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _field(number, wire, payload):
    return _varint(number << 3 | wire) + payload


def _bytes(number, data):
    return _field(number, 2, _varint(len(data)) + data)


def _int(number, value):
    return _field(number, 0, _varint(value))


def spiece_model(pieces):
    """A sentencepiece ModelProto (unigram), protobuf-encoded by hand: pieces, trainer_spec, normalizer_spec."""
    import struct
    body = b""
    for piece, score, kind in pieces:
        sp = _bytes(1, piece.encode("utf-8")) + _field(2, 5, struct.pack("<f", score)) + _int(3, kind)
        body += _bytes(1, sp)
    trainer = (_int(3, 1) + _int(4, len(pieces)) + _int(40, 2) + _int(41, -1) + _int(42, 1) + _int(43, 0)
               + _bytes(45, b"<unk>") + _bytes(47, b"</s>") + _bytes(48, b"<pad>"))
    normalizer = _bytes(1, b"identity") + _int(3, 1) + _int(4, 1) + _int(5, 1)
    return body + _bytes(2, trainer) + _bytes(3, normalizer)


def write_t5(folder, d_model, seed):
    g = Gen(seed)
    pieces = spiece_pieces()
    vocab = (len(pieces) + 7) // 8 * 8  # the embedding is padded past the pieces, as T5's 32128 rows for 32100
    c = {"architectures": ["T5EncoderModel"], "model_type": "t5", "d_model": d_model, "d_kv": 8, "d_ff": 64,
         "num_layers": 2, "num_heads": 4, "relative_attention_num_buckets": 32,
         "relative_attention_max_distance": 128, "feed_forward_proj": "gated-gelu", "dense_act_fn": "gelu_new",
         "is_gated_act": True, "layer_norm_epsilon": 1e-06, "vocab_size": vocab, "pad_token_id": 0,
         "eos_token_id": 1, "decoder_start_token_id": 0, "torch_dtype": "float32", "tie_word_embeddings": False}
    dm, dkv, heads, dff = c["d_model"], c["d_kv"], c["num_heads"], c["d_ff"]
    t = {"shared.weight": g.normal((vocab, dm), 1.0), "encoder.final_layer_norm.weight": 1.0 + g.normal((dm,), 0.05)}
    for i in range(c["num_layers"]):
        n = "encoder.block.%d." % i
        for x in "qkvo":
            shape = (dm, heads * dkv) if x == "o" else (heads * dkv, dm)
            t[n + "layer.0.SelfAttention.%s.weight" % x] = g.normal(shape, 0.1)
        if i == 0:
            t[n + "layer.0.SelfAttention.relative_attention_bias.weight"] = g.normal(
                (c["relative_attention_num_buckets"], heads), 0.5)
        t[n + "layer.0.layer_norm.weight"] = 1.0 + g.normal((dm,), 0.05)
        t[n + "layer.1.DenseReluDense.wi_0.weight"] = g.normal((dff, dm), 0.1)
        t[n + "layer.1.DenseReluDense.wi_1.weight"] = g.normal((dff, dm), 0.1)
        t[n + "layer.1.DenseReluDense.wo.weight"] = g.normal((dm, dff), 0.1)
        t[n + "layer.1.layer_norm.weight"] = 1.0 + g.normal((dm,), 0.05)
    os.makedirs(folder, exist_ok=True)
    safetensors.save(os.path.join(folder, "model.safetensors"), t, metadata={"format": "pt"})
    dump(os.path.join(folder, "config.json"), c)
    dump(os.path.join(folder, "special_tokens_map.json"),
         {"eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>"})
    dump(os.path.join(folder, "tokenizer_config.json"),
         {"tokenizer_class": "T5Tokenizer", "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>",
          "extra_ids": 0, "model_max_length": 512})
    with open(os.path.join(folder, "spiece.model"), "wb") as f:
        f.write(spiece_model(pieces))


# ---------------------------------------------------------------- VAE (diffusers ViTVAE folder)

def write_vae(folder, z_chans, seed):
    g = Gen(seed)
    dd = {"video_size": 8, "video_length": 4, "patch_size": 2, "patch_length": 4, "in_chans": 3, "z_chans": z_chans,
          "double_z": True, "embed_dim": 32, "depth": 1, "num_heads": 2, "mlp_ratio": 4.0, "qkv_bias": True,
          "with_cls_token": True, "norm_code": False, "ln_in_attn": False, "conv_last_layer": True,
          "use_rope": False, "use_final_proj": False}
    e, p, pl = dd["embed_dim"], dd["patch_size"], dd["patch_length"]
    tokens = (dd["video_length"] // pl) * (dd["video_size"] // p) ** 2 + 1
    hidden = int(e * dd["mlp_ratio"])
    unpatch = e // (p * p * pl)
    t = {}

    def block(prefix):
        for norm in ("norm1", "norm2"):
            t[prefix + norm + ".weight"] = 1.0 + g.normal((e,), 0.05)
            t[prefix + norm + ".bias"] = g.normal((e,), 0.02)
        t[prefix + "attn.qkv.weight"] = g.normal((3 * e, e), 0.1)
        t[prefix + "attn.qkv.bias"] = g.normal((3 * e,), 0.02)
        t[prefix + "attn.proj.weight"] = g.normal((e, e), 0.1)
        t[prefix + "attn.proj.bias"] = g.normal((e,), 0.02)
        t[prefix + "mlp.fc1.weight"] = g.normal((hidden, e), 0.1)
        t[prefix + "mlp.fc1.bias"] = g.normal((hidden,), 0.02)
        t[prefix + "mlp.fc2.weight"] = g.normal((e, hidden), 0.1)
        t[prefix + "mlp.fc2.bias"] = g.normal((e,), 0.02)

    t["encoder.patch_embed.proj.weight"] = g.normal((e, dd["in_chans"], pl, p, p), 0.1)
    t["encoder.patch_embed.proj.bias"] = g.normal((e,), 0.02)
    for side in ("encoder", "decoder"):
        t[side + ".cls_token"] = g.normal((1, 1, e), 0.02)
        t[side + ".pos_embed"] = g.normal((1, tokens, e), 0.02)
        for i in range(dd["depth"]):
            block("%s.blocks.%d." % (side, i))
        t[side + ".norm.weight"] = 1.0 + g.normal((e,), 0.05)
        t[side + ".norm.bias"] = g.normal((e,), 0.02)
    t["encoder.last_layer.weight"] = g.normal((2 * z_chans, e), 0.1)
    t["encoder.last_layer.bias"] = g.normal((2 * z_chans,), 0.02)
    t["decoder.proj_in.weight"] = g.normal((e, z_chans), 0.1)
    t["decoder.proj_in.bias"] = g.normal((e,), 0.02)
    t["decoder.last_layer.weight"] = g.normal((3, unpatch, 3, 3, 3), 0.1)
    t["decoder.last_layer.bias"] = g.normal((3,), 0.02)
    os.makedirs(folder, exist_ok=True)
    safetensors.save(os.path.join(folder, "diffusion_pytorch_model.safetensors"), t, metadata={"format": "pt"})
    dump(os.path.join(folder, "config.json"),
         {"_class_name": "ViTVAE", "_diffusers_version": "0.27.2", "ddconfig": dd, "model_type": "vit"})


def write_npz(path, arrays):
    """np.savez's format (a zip of .npy files, no pickle), with fixed timestamps so that the bytes repeat."""
    import io
    import zipfile
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, a in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(a), allow_pickle=False)
            z.writestr(zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0)), buf.getvalue())


README = """# Tiny checkpoints in the MAGI-1 reference's format

Written by `training/magi_nano/tiny_reference.py` (do not edit by hand; regenerate with
`cd training && /usr/bin/python3 -m magi_nano.tiny_reference --out ../ckpt/tiny-reference`). Same layout, config
sections, tensor names, dtypes and shapes as the reference's 4.5B and 24B downloads (SandAI-org/MAGI-1), at a tiny
size and with random (seeded) values: they test how the engine reads reference checkpoints, not pictures. The
`runtime_config` paths (`load`, `t5_pretrained`, `vae_pretrained`) are relative to the config file.

| config | shaped like | weights |
|---|---|---|
| `tiny_base_config.json` | 4.5B base (cfg 3) | `magi/tiny_base/inference_weight/model.safetensors` |
| `tiny_distill_config.json` | 4.5B distill | `magi/tiny_distill/inference_weight.distill/` (index + 2 shards) |
| `tiny_distill_quant_config.json` | 4.5B distill + fp8 | `magi/tiny_distill_quant/inference_weight.fp8.distill/` (index + 2 shards) |
| `tiny24_distill_config.json` | 24B distill (SwiGLU, x_rescale 0.1, 16-channel latent doubled to 32 in-channels) | `magi/tiny24_distill/inference_weight.distill/` (index + 3 shards) |
| `tiny24_distill_quant_config.json` | 24B distill + fp8 (the same weights) | `magi/tiny24_distill_quant/inference_weight.fp8.distill/` (index + 2 shards) |

`t5/t5-v1_1-xxl/` is a Hugging Face T5 encoder folder (config.json, model.safetensors, a unigram spiece.model),
`vae/` a diffusers ViTVAE folder (config.json, diffusion_pytorch_model.safetensors; `vae24/` the same with the 16
latent channels the reference's half-channel models need), `assets/special_tokens.npz`
the reference's special-token embeddings (`caption_token`, `logo_token`, 100 `other_tokens`).

`fixtures/dit_forward_{tiny_distill,tiny_base}.safetensors`: two chunks in one pass through the repository's own
`training/magi_nano/dit.py` on these weights, with the reference's departures from nano switched on (linear_proj's
input reordered in 8 groups, 50 valid null-caption positions, the step-size embedding only when distilled, the
timestep frequencies in float32): the Java engine must agree to 1e-4. They are not outputs of the reference's own code.

`fixtures/t5_tiny.safetensors`: four captions tokenized (a unigram Viterbi over the tiny vocabulary) and encoded by
`training/magi_nano/t5_reference.py`, an independent torch T5 v1.1 encoder (transformers is not installable here), and
the relative-position buckets of distances -799 to 799: `T5EncoderTest` must agree to 1e-4.

`fixtures/reference_{tiny_distill,tiny_base}.safetensors`: outputs of the reference's own code (SandAI-org/MAGI-1's
dit_model.py and dit_module.py, driven by its sampler, float32 on the CPU), written by
`training/magi_nano/reference_harness.py` from a checkout of the reference that is not in this repository; this
script keeps them when it rewrites the folder. Each holds DiT forwards of four sampler passes (inputs and velocity),
the clean chunks' cached keys and values, and single modules' outputs; `ReferenceDitTest` replays them to 1e-4.
The other `fixtures/reference_*.safetensors` are kept the same way: the reference's sampler and VAE end to end
(`reference_sample.py`: `reference_sample_<variant>[_i2v|_v2v|_t2v12]`, tiny24_distill's included), its VAE
(`reference_vae.py`) and its fp8 linears and tiny24_distill_quant's gated fp8 MLP (`reference_fp8.py`).
"""


def nano_view(model_config, engine_config):
    """The reference's DiT as this package's dit.py computes it: its model_config plus nano's own fields at the
    reference's values (gate cap 1, a 16x16 rotary grid, 50 valid null-caption positions, the step-size embedding only
    when distilled, linear_proj's input reordered in 8 groups, the timestep frequencies in float32)."""
    c = dict(model_config)
    c.update(softcap_gate_cap=1.0, rope_temperature=10000.0, rope_ref_grid=16, null_caption_valid_tokens=50,
             step_embedding=bool(engine_config["distill"]), linear_proj_interleave=8, timestep_float32=True)
    return c


def read_weights(folder):
    """A weight folder (index + shards, or model.safetensors) -> name -> float32 array (bf16 widened)."""
    index = os.path.join(folder, "model.safetensors.index.json")
    files = sorted(set(json.load(open(index))["weight_map"].values())) if os.path.exists(index) else ["model.safetensors"]
    out = {}
    for f in files:
        with open(os.path.join(folder, f), "rb") as fh:
            n = int.from_bytes(fh.read(8), "little")
            header = json.loads(fh.read(n))
        tensors, _ = safetensors.load(os.path.join(folder, f))
        for name, a in tensors.items():
            out[name] = fp8.from_bf16_bits(a) if header[name]["dtype"] == "BF16" else a.astype(np.float32)
    return out


FIXTURE_VARIANTS = ("tiny_distill", "tiny_base")


def write_fixtures(out, seed):
    """fixtures/dit_forward_<variant>.safetensors: two chunks in one pass through dit.py's VideoDiT on the variant's
    weights, computed the reference's way (nano_view), the first chunk with a caption, the second with the null
    caption; the same keys as ckpt/nano/fixtures/dit_forward.safetensors."""
    import torch
    from .dit import VideoDiT
    g = Gen(seed)
    os.makedirs(os.path.join(out, "fixtures"), exist_ok=True)
    for name in FIXTURE_VARIANTS:
        cfg = json.load(open(os.path.join(out, name + "_config.json")))
        mc, ec, rc = cfg["model_config"], cfg["engine_config"], cfg["runtime_config"]
        dit = VideoDiT(nano_view(mc, ec))
        folder = os.path.join(out, "magi", name, weight_dir(ec["fp8_quant"], ec["distill"]))
        dit.load_state_dict({k: torch.from_numpy(v) for k, v in read_weights(folder).items()}, strict=True)
        dit.eval()
        K, C, L, cc = 2, mc["in_channels"], mc["caption_max_length"], mc["caption_channels"]
        h = rc["video_size_h"] // 2  # the tiny VAE's 2x2 patch
        x = torch.from_numpy(g.normal((1, C, rc["chunk_width"] * K, h, h), 1.0))
        caption = torch.from_numpy(g.normal((1, K, L, cc), 1.0))
        mask = torch.zeros(1, K, L)
        mask[0, 0, :20] = 1
        null = torch.tensor([[False, True]])
        t = torch.tensor([[0.7, 0.2]])
        steps = torch.tensor([8.0])
        cidx = torch.tensor([3, 4])
        kvr = torch.tensor([1, 5])
        with torch.no_grad():
            vel = dit(x, t, caption, mask, null, steps, cidx, kvr)
        safetensors.save(os.path.join(out, "fixtures", "dit_forward_%s.safetensors" % name), {
            "x": x.numpy(), "t": t.numpy(), "caption": caption.numpy(), "caption_mask": mask.numpy(),
            "caption_null": null.numpy().astype(np.uint8), "num_steps": steps.numpy(), "chunk_index": cidx.numpy(),
            "kv_range": kvr.numpy(), "velocity": vel.numpy()})


def dump(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=4)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=24)
    a = ap.parse_args()
    if os.path.isdir(a.out) and os.listdir(a.out):
        readme = os.path.join(a.out, "README.md")
        if not (os.path.isfile(readme) and open(readme).read().startswith(README.split("\n")[0])):
            raise SystemExit(a.out + ": not empty and not a folder this script wrote; not replacing it")
    kept = keep_reference_fixtures(a.out)
    if os.path.isdir(a.out):
        shutil.rmtree(a.out)
    os.makedirs(a.out, exist_ok=True)
    for i, (name, model, fp8_quant, distill, cfg_number, steps, shards) in enumerate(VARIANTS):
        load = "./magi/" + name
        vae = "./vae24" if model["half_channel_vae"] else "./vae"
        dump(os.path.join(a.out, name + "_config.json"), {"model_config": model,
                                                            "runtime_config": runtime(cfg_number, steps, load, vae),
                                                            "engine_config": engine(fp8_quant, distill)})
        seed = a.seed + (100 if model is MODEL_24B else 0)  # the variants of one shape share their weights
        arrays, dtypes = to_disk(dit_tensors(model, seed), model["num_layers"], fp8_quant, seed + 1)
        write_weights(os.path.join(a.out, "magi", name, weight_dir(fp8_quant, distill)), arrays, dtypes,
                      model["num_layers"], shards)
    write_t5(os.path.join(a.out, "t5", "t5-v1_1-xxl"), MODEL_45B["caption_channels"], a.seed + 200)
    write_vae(os.path.join(a.out, "vae"), MODEL_45B["in_channels"], a.seed + 300)
    write_vae(os.path.join(a.out, "vae24"), LATENT_24B, a.seed + 600)
    g = Gen(a.seed + 400)
    c = MODEL_45B["caption_channels"]
    write_npz(os.path.join(a.out, "assets", "special_tokens.npz"),
              {"caption_token": g.normal((1, c), 0.5).astype(np.float64),
               "logo_token": g.normal((1, c), 0.5).astype(np.float64),
               "other_tokens": g.normal((100, c), 0.5).astype(np.float64)})
    write_fixtures(a.out, a.seed + 500)
    from .t5_reference import write_fixture as write_t5_fixture  # it imports this module's vocabulary
    write_t5_fixture(os.path.join(a.out, "t5", "t5-v1_1-xxl"), os.path.join(a.out, "fixtures", "t5_tiny.safetensors"))
    for name, data in kept.items():
        with open(os.path.join(a.out, "fixtures", name), "wb") as f:
            f.write(data)
    with open(os.path.join(a.out, "README.md"), "w") as f:
        f.write(README)


def weights_digest(ckpt, name):
    """sha256 over a variant's config and weight files, in name order: reference_harness.py records it in its fixtures,
    which are stale when it changes."""
    import hashlib
    config = os.path.join(ckpt, name + "_config.json")
    ec = json.load(open(config))["engine_config"]
    folder = os.path.join(ckpt, "magi", name, weight_dir(ec["fp8_quant"], ec["distill"]))
    h = hashlib.sha256()
    for f in [config] + [os.path.join(folder, n) for n in sorted(os.listdir(folder))]:
        h.update(os.path.basename(f).encode())
        with open(f, "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()


REFERENCE_FIXTURES = "reference_"  # fixtures/reference_*.safetensors: written by reference_harness.py, not here


def keep_reference_fixtures(out):
    """The reference harness's fixtures in out/fixtures (name -> bytes): outputs of the reference's own code, which
    this script cannot write; kept across a rewrite of the folder."""
    folder = os.path.join(out, "fixtures")
    if not os.path.isdir(folder):
        return {}
    kept = {}
    for name in sorted(os.listdir(folder)):
        if name.startswith(REFERENCE_FIXTURES):
            with open(os.path.join(folder, name), "rb") as f:
                kept[name] = f.read()
    return kept


if __name__ == "__main__":
    main()
