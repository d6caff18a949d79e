"""Runs the MAGI-1 reference's own DiT code on the CPU, in float32, on the tiny reference-format checkpoints, and writes
what it computed as fixtures for the Java engine (ckpt/tiny-reference/fixtures/reference_<variant>.safetensors, read by
ReferenceDitTest).

NOT run by the test suite, and it needs a checkout of the reference that is NOT part of this repository
(SandAI-org/MAGI-1 on GitHub; only its `inference/` folder is used), given by --reference or MAGI1_REFERENCE:

    git -C MIRROR archive HEAD inference | tar -x -C /tmp/magi1-ref      # or a clone
    cd training && /usr/bin/python3 -m magi_nano.reference_harness --reference /tmp/magi1-ref
    cd training && /usr/bin/python3 -m magi_nano.reference_harness --reference /tmp/magi1-ref --check   # compare only

What runs is the reference's code as it is: `VideoDiTModel` (dit_model.py) with its `TransformerBlock`,
`FullyParallelAttention`, `TimestepEmbedder`, `CaptionEmbedder`, `LearnableRotaryEmbeddingCat`, KV cache
(`_full_adjust_key_and_value`), `forward_dispatcher` / `forward_3cfg` (dit_module.py, dit_model.py), driven by its own
sampler `SampleTransport.walk` (pipeline/video_generate.py: time grid, windows, `fwd_extra_1st_chunk`, kv ranges,
`distill_nearly_clean_chunk`), its config reader (`MagiConfig.from_json`), its weight loader (`load_state_dict` of
checkpointing.py) and its parallel state (`initialize_model_parallel`, on a one-process gloo group). Every raw
`VideoDiTModel.forward` call the sampler makes is recorded (inputs as the sampler built them, output); a few are
written to the fixture, with the clean chunks' keys and values from the reference's KV cache.

What this module supplies instead of the reference's CUDA-only dependencies (each an interpretation, listed in
docs/MODEL.md, "Reference checkpoints"):

- `flash_attn.flash_attn_func`, `flash_attn_varlen_func`: plain softmax attention in float32 (scale 1/sqrt(head),
  not causal, grouped keys shared by consecutive query heads as flash-attn does); `flash_attn.layers.rotary.
  apply_rotary_emb`: flash-attn's non-interleaved rotation of the first 2 * cos.shape[-1] dimensions.
- `range_mod_triton` (a Triton kernel in dit_module.py): the same gather-and-multiply in torch.
- `flashinfer.activation.silu_and_mul` (the 24B's gated MLP, a CUDA kernel): `silu(x[..., :d]) * x[..., d:]` in torch,
  flashinfer's documented definition.
- `einops.rearrange` (not installed here): a small implementation of the patterns the reference uses.
- the rest of `flashinfer`, `triton`, `safetensors`, `tqdm`, `inference.model.t5`: stubs; `safetensors.torch.load_file` reads with
  this package's own reader and returns bf16 tensors as safetensors does.
- torch: `torch.cuda.current_device()` answers "cpu", `get_device_capability()` (8, 0) (so the flash-attn paths run,
  as on an A100), `synchronize()` nothing, `Tensor.cuda()` the tensor itself, `Tensor.to("cuda...")` the CPU.
- Config: `params_dtype` float32 (the run is fp32), `kv_offload` false (pinned memory needs CUDA),
  `video_size_h/w` 64 and `num_frames` 72 (three chunks of 4x4 tokens; the tiny configs' 16x16 gives a 1x1 token
  grid, whose rotary rescaling the reference refuses: `assert r == 1` in build_fourier_pos_embed).
- `load_checkpoint` is not called (it needs `load_state_dict(assign=True)` of torch 2 and `.cuda()`): its
  `load_state_dict(runtime_config, engine_config)` is, then `model.load_state_dict(strict=False)` with nothing missing
  or unexpected allowed.
- The `inference.pipeline` package's __init__ (it imports the whole MagiPipeline: T5, VAE) is bypassed; only
  video_generate.py and prompt_process.py are imported. `generate_per_chunk` (CUDA device, barrier) is not called:
  its two calls are made here (`extract_feature_for_inference`, `SampleTransport(..., device="cpu").walk()`).

One run takes about 10 seconds on one core (both variants, every sampler pass).
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import types

import numpy as np

from . import safetensors
from .tiny_reference import weights_digest

VARIANTS = ("tiny_distill", "tiny_base")
VIDEO_SIZE = 64  # 8x8 latents with the reference's 8x VAE stride: 4x4 tokens a frame
NUM_FRAMES = 72  # 18 latent frames: three chunks of 6
CAPTION_TOKENS = 20  # valid positions of the caption fed to every chunk


# ---------------------------------------------------------------- shims for CUDA-only pieces (the project's own code)

def _groups(side):
    out, cur = [], None
    for tok in side.replace("(", " ( ").replace(")", " ) ").split():
        if tok == "(":
            cur = []
        elif tok == ")":
            out.append(cur)
            cur = None
        elif cur is not None:
            cur.append(tok)
        else:
            out.append([tok])
    return out


def rearrange(tensor, pattern, **sizes):
    """einops.rearrange for patterns of named axes and parenthesised groups (what the reference uses)."""
    left, right = (_groups(s) for s in pattern.split("->"))
    if len(left) != tensor.dim():
        raise ValueError("%s: %d axes for a %d-d tensor" % (pattern, len(left), tensor.dim()))
    known = dict(sizes)
    for group, n in zip(left, tensor.shape):
        unknown = [a for a in group if a not in known]
        prod = int(np.prod([known[a] for a in group if a in known]))
        if len(unknown) > 1:
            raise ValueError("%s: cannot infer %s" % (pattern, unknown))
        if unknown:
            if n % prod:
                raise ValueError("%s: %d not divisible by %d" % (pattern, n, prod))
            known[unknown[0]] = n // prod
        elif prod != n:
            raise ValueError("%s: group %s is %d, not %d" % (pattern, group, prod, n))
    names = [a for g in left for a in g]
    x = tensor.reshape([known[a] for a in names])
    x = x.permute([names.index(a) for g in right for a in g])
    return x.reshape([int(np.prod([known[a] for a in g])) for g in right])


def _attend(q, k, v, scale):
    """q [..., Sq, H, D], k and v [..., Sk, G, D] (H a multiple of G; query head h uses key head h // (H / G))."""
    import torch
    rep = q.shape[-2] // k.shape[-2]
    k = k.repeat_interleave(rep, dim=-2)
    v = v.repeat_interleave(rep, dim=-2)
    s = torch.einsum("...qhd,...khd->...hqk", q.float(), k.float()) * scale
    return torch.einsum("...hqk,...khd->...qhd", torch.softmax(s, dim=-1), v.float()).to(q.dtype)


def flash_attn_func(q, k, v, dropout_p=0.0, softmax_scale=None, causal=False, deterministic=False, **kw):
    """q [B, Sq, H, D], k and v [B, Sk, G, D] -> [B, Sq, H, D]."""
    if causal or dropout_p:
        raise NotImplementedError("causal or dropout flash attention: not used by the reference's inference")
    return _attend(q, k, v, softmax_scale or 1.0 / math.sqrt(q.shape[-1]))


def flash_attn_varlen_func(q, k, v, cu_seqlens_q, cu_seqlens_k, max_seqlen_q=None, max_seqlen_k=None, dropout_p=0.0,
                           softmax_scale=None, causal=False, deterministic=False, **kw):
    """Packed sequences: segment i of q attends to segment i of k, v."""
    import torch
    if causal or dropout_p:
        raise NotImplementedError("causal or dropout flash attention: not used by the reference's inference")
    scale = softmax_scale or 1.0 / math.sqrt(q.shape[-1])
    cq, ck = cu_seqlens_q.tolist(), cu_seqlens_k.tolist()
    outs = []
    for i in range(len(cq) - 1):
        qs = q[cq[i]:cq[i + 1]]
        if ck[i + 1] == ck[i]:
            outs.append(torch.zeros_like(qs))  # flash-attn's answer for a segment without keys
        else:
            outs.append(_attend(qs, k[ck[i]:ck[i + 1]], v[ck[i]:ck[i + 1]], scale))
    return torch.cat(outs, dim=0)


def apply_rotary_emb(x, cos, sin, interleaved=False, inplace=False, seqlen_offsets=0, cu_seqlens=None,
                     max_seqlen=None):
    """flash-attn's rotary embedding: x [B, S, H, D], cos and sin [S, r]; the first 2r dimensions rotate as two
    halves (x1 cos - x2 sin, x2 cos + x1 sin), the rest pass."""
    import torch
    if interleaved or cu_seqlens is not None or seqlen_offsets:
        raise NotImplementedError("interleaved or offset rotary: not used by the reference")
    r = cos.shape[-1]
    c = cos[: x.shape[1], None, :].to(x.dtype)
    s = sin[: x.shape[1], None, :].to(x.dtype)
    x1, x2 = x[..., :r], x[..., r:2 * r]
    return torch.cat([x1 * c - x2 * s, x2 * c + x1 * s, x[..., 2 * r:]], dim=-1)


def range_mod(x, c_mapping, gatings):
    """dit_module.range_mod_triton on the CPU: x (s, b, h) times the gating row c_mapping (s, b) picks from
    gatings (b, range, h) flattened."""
    return x * gatings.flatten(0, 1)[c_mapping]


def silu_and_mul(x):
    """flashinfer.activation.silu_and_mul (the 24B's gated MLP): silu(x[..., :d]) * x[..., d:] for x [..., 2d]."""
    import torch
    d = x.shape[-1] // 2
    return torch.nn.functional.silu(x[..., :d]) * x[..., d:]


def _not_on_cpu(name):
    def fail(*a, **k):
        raise NotImplementedError(name + " is CUDA-only and not used by the computation this harness runs")
    return fail


def _module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


class _Tqdm:
    def __init__(self, iterable=None, *a, **k):
        self.iterable = iterable

    def __iter__(self):
        return iter(self.iterable)

    def update(self, *a):
        pass

    def close(self):
        pass

    def set_description(self, *a, **k):
        pass


def _load_file(path, device="cpu"):
    """safetensors.torch.load_file with this package's reader: BF16 as torch.bfloat16, as safetensors returns it."""
    import torch
    arrays, _ = safetensors.load(path)
    with open(path, "rb") as f:
        header = json.loads(f.read(int.from_bytes(f.read(8), "little")))
    out = {}
    for name, a in arrays.items():
        dt = header[name]["dtype"]
        if dt == "BF16":
            out[name] = torch.from_numpy(a.view(np.int16)).view(torch.bfloat16)
        elif dt == "F8_E4M3":
            raise NotImplementedError(path + ": " + name + " is float8_e4m3fn, which torch " + torch.__version__
                                      + " cannot hold (torch.float8_e4m3fn arrived in torch 2.1)")
        else:
            out[name] = torch.from_numpy(a)
    return out


def install_shims(reference):
    import torch
    _module("einops", rearrange=rearrange)
    fa = _module("flash_attn", flash_attn_varlen_func=flash_attn_varlen_func, flash_attn_func=flash_attn_func)
    fa.flash_attn_interface = _module("flash_attn.flash_attn_interface", flash_attn_func=flash_attn_func,
                                      flash_attn_varlen_func=flash_attn_varlen_func)
    fa.layers = _module("flash_attn.layers")
    fa.layers.rotary = _module("flash_attn.layers.rotary", apply_rotary_emb=apply_rotary_emb)
    fi = _module("flashinfer")
    fi.gemm = _module("flashinfer.gemm", bmm_fp8=_not_on_cpu("flashinfer.gemm.bmm_fp8"))
    fi.activation = _module("flashinfer.activation", silu_and_mul=silu_and_mul)
    tl = _module("triton.language", constexpr=int)
    _module("triton", jit=lambda f: _not_on_cpu("the Triton kernel " + f.__name__),
            next_power_of_2=lambda n: 1 << (int(n) - 1).bit_length(), language=tl)
    st = _module("safetensors")
    st.torch = _module("safetensors.torch", load_file=_load_file, load=_not_on_cpu("safetensors.torch.load"))
    tq = _module("tqdm", tqdm=_Tqdm)
    tq.auto = _module("tqdm.auto", tqdm=_Tqdm)

    torch.cuda.current_device = lambda: "cpu"
    torch.cuda.get_device_capability = lambda device=None: (8, 0)
    torch.cuda.synchronize = lambda device=None: None
    torch.Tensor.cuda = lambda self, device=None, non_blocking=False, **k: self
    to = torch.Tensor.to

    def cpu_to(self, *args, **kwargs):
        args = tuple("cpu" if isinstance(a, str) and a.startswith("cuda") else a for a in args)
        if isinstance(kwargs.get("device"), str) and kwargs["device"].startswith("cuda"):
            kwargs["device"] = "cpu"
        return to(self, *args, **kwargs)

    torch.Tensor.to = cpu_to

    sys.path.insert(0, reference)
    # the pipeline package's __init__ imports the whole MagiPipeline (T5, VAE); only video_generate is needed
    pipeline = _module("inference.pipeline")
    pipeline.__path__ = [os.path.join(reference, "inference", "pipeline")]
    _module("inference.model.t5", T5Embedder=_not_on_cpu("the T5 encoder"))

    from inference.model.dit import dit_module
    dit_module.range_mod_triton = range_mod


def init_parallel_state():
    """The reference's own parallel_state.initialize_model_parallel on a one-process gloo group."""
    import torch.distributed as dist
    from inference.infra.distributed import parallel_state
    if not dist.is_initialized():
        dist.init_process_group("gloo", init_method="file://" + tempfile.mktemp(prefix="magi1-ref-"), rank=0,
                                world_size=1)
    if not parallel_state.model_parallel_is_initialized():
        parallel_state.initialize_model_parallel(tp_size=1, pp_size=1, cp_size=1)


# ---------------------------------------------------------------- one variant

def build(ckpt, name):
    import torch
    from inference.common import MagiConfig
    from inference.infra.checkpoint.checkpointing import load_state_dict
    from inference.model.dit.dit_model import VideoDiTModel, _high_precision_promoter
    path = os.path.join(ckpt, name + "_config.json")
    config = MagiConfig.from_json(path)
    config.model_config.params_dtype = torch.float32
    config.runtime_config.load = os.path.normpath(os.path.join(ckpt, config.runtime_config.load))
    config.runtime_config.video_size_h = config.runtime_config.video_size_w = VIDEO_SIZE
    config.runtime_config.num_frames = NUM_FRAMES
    config.engine_config.kv_offload = False
    model = VideoDiTModel(config)
    state = load_state_dict(config.runtime_config, config.engine_config)
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise SystemExit("%s: missing %s, unexpected %s" % (name, missing, unexpected))
    return _high_precision_promoter(model).eval(), config


def scalar(v):
    import torch
    return v.item() if isinstance(v, torch.Tensor) else v


def run_variant(ckpt, name, seed):
    """Runs the reference's sampler on the variant; -> (model, config, calls, transport, caption, mask)."""
    import torch
    from inference.common import set_random_seed
    from inference.pipeline import video_generate as vg
    model, config = build(ckpt, name)
    mc = config.model_config
    g = np.random.RandomState(seed)
    caption = torch.from_numpy(g.standard_normal((1, 1, mc.caption_max_length, mc.caption_channels)).astype(np.float32))
    mask = torch.zeros(1, mc.caption_max_length)
    mask[:, :CAPTION_TOKENS] = 1
    set_random_seed(config.runtime_config.seed)

    calls = []
    state = {"dispatch": -1}
    forward, dispatcher = model.forward, model.forward_dispatcher

    def recording_dispatcher(*a, **k):
        state["dispatch"] += 1
        return dispatcher(*a, **k)

    def recording_forward(x, t, y, caption_dropout_mask=None, xattn_mask=None, kv_range=None, inference_params=None,
                          **kwargs):
        rec = {"dispatch": state["dispatch"], "x": x.clone(), "t": t.clone(), "y": y.clone(),
               "drop": None if caption_dropout_mask is None else caption_dropout_mask.clone(),
               "mask": xattn_mask.clone(), "kv_range": kv_range.clone(),
               "kwargs": {k: scalar(v) for k, v in kwargs.items()},
               "cached": inference_params is not None,
               "update": inference_params is not None and inference_params.update_kv_cache}
        out = forward(x, t, y, caption_dropout_mask=caption_dropout_mask, xattn_mask=xattn_mask, kv_range=kv_range,
                      inference_params=inference_params, **kwargs)
        rec["out"] = out.clone()
        rec["rope"] = state.pop("rope")
        calls.append(rec)
        return out

    rope = model.rope.get_embed

    def recording_rope(*a, **k):
        out = rope(*a, **k)
        state["rope"] = out.clone()
        return out

    model.rope.get_embed = recording_rope
    model.forward, model.forward_dispatcher = recording_forward, recording_dispatcher
    with torch.inference_mode():
        inp = vg.extract_feature_for_inference(model, None, caption, mask)
        transport = vg.SampleTransport(model=model, transport_inputs=[inp], device="cpu")
        chunks = [c for _, _, c in transport.walk()]
    model.forward, model.forward_dispatcher = forward, dispatcher
    del model.rope.get_embed
    return model, config, calls, transport, caption[0, 0], mask[0], chunks


def select(calls):
    """The sampler's passes the fixture keeps, by dispatcher call: A, the first with a clean first chunk (slice 0,
    writes chunk 0's keys and values); B, the pass after it (reads chunk 0 from the cache); C, the clean first chunk at
    slice 1 (writes chunk 1's, reads chunk 0's); D, the last pass (the last chunk, after two clean ones)."""
    by = {}
    for c in calls:
        by.setdefault(c["dispatch"], []).append(c)
    order = sorted(by)
    kw = {d: by[d][0]["kwargs"] for d in order}
    a = next(d for d in order if kw[d]["fwd_extra_1st_chunk"] and kw[d]["slice_point"] == 0)
    b = order[order.index(a) + 1]
    c = next(d for d in order if kw[d]["fwd_extra_1st_chunk"] and kw[d]["slice_point"] == 1)
    d = order[-1]
    return [("A", a), ("B", b), ("C", c), ("D", d)], by


def index_rows(rows, options, what):
    """Which of `options` each row is (asserted exact)."""
    out = []
    for r in rows:
        hit = [i for i, o in enumerate(options) if r.shape == o.shape and bool((r == o).all())]
        if not hit:
            raise SystemExit("a %s row is none of the expected ones" % what)
        out.append(hit[0])
    return out


def fixture(ckpt, name, seed, commit):
    import torch
    model, config, calls, transport, caption, mask, chunks = run_variant(ckpt, name, seed)
    mc, rc = config.model_config, config.runtime_config
    null = model.y_embedder.null_caption_embedding.detach()
    picked, by = select(calls)
    tensors = {"caption": caption.numpy(), "caption_mask": mask.numpy()}
    forwards = []
    n = 0
    for label, d in picked:
        for rec in by[d]:
            p = "f%d." % n
            y = rec["y"].reshape(-1, mc.caption_max_length, mc.caption_channels)
            m = rec["mask"].reshape(-1, mc.caption_max_length)
            null_mask = torch.zeros(mc.caption_max_length)
            null_mask[:50] = 1
            tensors[p + "x"] = rec["x"].numpy()
            tensors[p + "t"] = rec["t"].float().numpy()
            tensors[p + "y_null"] = np.array(index_rows(y, [caption, null], "caption"), np.int64)
            tensors[p + "mask_null"] = np.array(index_rows(m, [mask, null_mask], "caption mask"), np.int64)
            tensors[p + "caption_dropout"] = np.array([bool(v) for v in rec["drop"].reshape(-1)], np.uint8)
            tensors[p + "kv_range"] = rec["kv_range"].long().numpy()
            tensors[p + "velocity"] = rec["out"].float().numpy()
            kw = rec["kwargs"]
            # for readers without JSON: slice_point, denoising_range_num, fwd_extra_1st_chunk, update_kv_cache,
            # kv cache passed, num_steps, distill_interval, distill_nearly_clean_chunk
            tensors[p + "info"] = np.array([kw["slice_point"], kw["denoising_range_num"], kw["fwd_extra_1st_chunk"],
                                            rec["update"], rec["cached"], kw["num_steps"], kw["distill_interval"],
                                            kw.get("distill_nearly_clean_chunk", False)], np.int64)
            forwards.append({"pass": label, "forward": n, "slice_point": kw["slice_point"],
                             "denoising_range_num": kw["denoising_range_num"], "range_num": kw["range_num"],
                             "fwd_extra_1st_chunk": bool(kw["fwd_extra_1st_chunk"]),
                             "distill_nearly_clean_chunk": bool(kw.get("distill_nearly_clean_chunk", False)),
                             "num_steps": kw["num_steps"], "distill_interval": int(kw["distill_interval"]),
                             "kv_cache": rec["cached"], "update_kv_cache": rec["update"]})
            n += 1
    # the 12-step rule of the step-size embedding (interval 2), on pass A's first forward without the cache
    if config.engine_config.distill:
        first = by[picked[0][1]][0]
        kw = dict(first["kwargs"], num_steps=12, distill_interval=2)
        with torch.inference_mode():
            out = model.forward(first["x"], first["t"], first["y"], caption_dropout_mask=first["drop"],
                                xattn_mask=first["mask"], kv_range=first["kv_range"], inference_params=None, **kw)
        tensors["steps12.velocity"] = out.float().numpy()
    # single modules: the timestep embedder (the step-size embedding's arguments included), the caption embedder
    # (caption and null caption, the adaLN rows of both dropout flags), and the rotary table of pass D's chunk (the last
    # chunk after two cached ones: get_embed over all its frames, the rows of the pass's first chunk, sin then cos)
    with torch.inference_mode():
        t = torch.tensor([0.0, 0.1, 0.3, 0.9999, 4.0, 8.0, 32.0])
        tensors["module.t"] = t.numpy()
        tensors["module.t_embedder"] = model.t_embedder(t).float().numpy()
        for label, drop, y in (("caption", False, caption), ("null", True, null)):
            y_xattn, y_adaln = model.y_embedder(y[None, None], False, torch.tensor([drop]))
            tensors["module.y_xattn." + label] = y_xattn[0, 0].float().numpy()
            tensors["module.y_adaln." + label] = y_adaln[0, 0].float().numpy()
    last = by[picked[-1][1]][0]
    tokens = last["x"].shape[2] * last["x"].shape[3] * last["x"].shape[4] // mc.patch_size ** 2
    table = last["rope"][-tokens:][:tokens // last["kwargs"]["denoising_range_num"]]
    sin, cos = table.tensor_split(2, -1)
    tensors["module.rope_sin"] = sin.float().numpy()
    tensors["module.rope_cos"] = cos.float().numpy()
    tensors["module.rope_chunk"] = np.array([last["kwargs"]["slice_point"]], np.int64)
    # the clean chunks' keys and values as the reference's cache holds them at the end: [1, G, T, hd]
    memory = transport.inference_params[0].key_value_memory_dict
    clip = calls[0]["x"].shape[2] // calls[0]["kwargs"]["denoising_range_num"] * calls[0]["x"].shape[3] \
        * calls[0]["x"].shape[4] // (mc.patch_size ** 2)
    layers = sorted(memory)
    for layer in (layers[0], layers[-1]):
        for chunk in (0, 1):
            kv = memory[layer][chunk * clip:(chunk + 1) * clip]  # (sq b) G 2hd
            k, v = torch.chunk(kv, 2, dim=-1)
            tensors["cache.k.%d.%d" % (chunk, layer)] = k.permute(1, 0, 2)[None].contiguous().float().numpy()
            tensors["cache.v.%d.%d" % (chunk, layer)] = v.permute(1, 0, 2)[None].contiguous().float().numpy()
    tensors["forwards"] = np.array([n], np.int64)
    tensors["chunk_tokens"] = np.array([clip], np.int64)
    meta = {"reference": "SandAI-org/MAGI-1 " + commit, "variant": name, "weights_sha256": weights_digest(ckpt, name),
            "video_size": VIDEO_SIZE, "num_frames": NUM_FRAMES, "cfg_number": rc.cfg_number,
            "chunk_tokens": clip, "forwards": forwards, "dispatches": len(by), "raw_forwards": len(calls),
            "cache_layers": [layers[0], layers[-1]], "passes": {label: d for label, d in picked}}
    return tensors, meta


def fixture_path(ckpt, name):
    return os.path.join(ckpt, "fixtures", "reference_%s.safetensors" % name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", default=os.environ.get("MAGI1_REFERENCE"),
                    help="a checkout of SandAI-org/MAGI-1 (its inference/ folder); or MAGI1_REFERENCE")
    ap.add_argument("--commit", default=None, help="the reference's commit, for the fixture's metadata")
    ap.add_argument("--ckpt", default=os.path.join(os.path.dirname(__file__), "..", "..", "ckpt", "tiny-reference"))
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--check", action="store_true", help="compare with the committed fixtures, write nothing")
    a = ap.parse_args()
    if not a.reference or not os.path.isdir(os.path.join(a.reference, "inference", "model", "dit")):
        raise SystemExit("--reference (or MAGI1_REFERENCE) must name a checkout of SandAI-org/MAGI-1 "
                         "(a folder holding inference/model/dit/)")
    import torch
    torch.set_num_threads(1)
    ckpt = os.path.abspath(a.ckpt)
    os.environ.setdefault("SPECIAL_TOKEN_PATH", os.path.join(ckpt, "assets", "special_tokens.npz"))
    commit = a.commit or _commit(a.reference)
    install_shims(os.path.abspath(a.reference))
    init_parallel_state()
    worst = 0.0
    for i, name in enumerate(VARIANTS):
        tensors, meta = fixture(ckpt, name, a.seed + i, commit)
        path = fixture_path(ckpt, name)
        if a.check:
            old, old_meta = safetensors.load(path)
            assert sorted(old) == sorted(tensors), name + ": other tensors"
            for k in tensors:
                worst = max(worst, float(np.max(np.abs(old[k].astype(np.float64) - tensors[k]))) if old[k].size else 0)
            print("%s: largest difference from the committed fixture %.3g" % (name, worst))
        else:
            safetensors.save(path, tensors, metadata={"about": json.dumps(meta, sort_keys=True)})
            print("%s: %d DiT forwards in %d sampler passes, %d kept -> %s (%d bytes)" % (
                name, meta["raw_forwards"], meta["dispatches"], len(meta["forwards"]), path, os.path.getsize(path)))
    if a.check and worst > 1e-5:
        raise SystemExit("the reference's code computes other numbers than the committed fixtures (%.3g)" % worst)


def _commit(reference):
    try:
        return subprocess.run(["git", "-C", reference, "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "(commit unknown: pass --commit)"


if __name__ == "__main__":
    main()
