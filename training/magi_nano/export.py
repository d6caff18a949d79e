"""Export trained weights to a checkpoint folder the Java engine loads (safetensors only, never pickle).

    /usr/bin/python3 -m magi_nano.export --dit runs/dit/state.pt --vae runs/vae/state.pt --out ../ckpt/nano

Writes config.json, model.safetensors (the DiT, fp32, the reference's parameter names), model-fp8.safetensors
(transformer-block linear weights as e4m3 codes + a per-tensor `.weight_scale`; the first and last layers,
x_embedder and final_linear, in fp32; everything else in bf16), vae.safetensors, text_encoder.safetensors, vocab.json, and fixtures/ (inputs and outputs of each
module and of whole sampled chunks, for the Java parity tests).
"""
import argparse
import json
import os
import random

import numpy as np
import torch

from . import checkpoint, fp8, safetensors, schedule, world
from .dit import VideoDiT, rope_cos_sin, rope_grid, block_mask
from .sampler import NanoModel, Request, chunk_noise, generate
from .text import TextEncoder, Vocabulary
from .vae import VideoVAE, to_unit

QUANTIZED = ("linear_qkv.q.weight", "linear_qkv.qx.weight", "linear_qkv.k.weight", "linear_qkv.v.weight",
             "linear_kv_xattn.weight", "linear_proj.weight", "linear_fc1.weight", "linear_fc2.weight",
             "ada_modulate_layer.proj.0.weight")
FULL_PRECISION = ("x_embedder.weight", "abs_pos_embed", "final_linear.linear.weight")  # the first and last layers


def fp8_tensors(dit_np, keep_blocks):
    """Block linear weights -> e4m3 codes + scale; the first and last layers in fp32; the rest in bf16."""
    out, dtypes = {}, {}
    for name, w in dit_np.items():
        parts = name.split(".")
        block = int(parts[2]) if name.startswith("videodit_blocks.layers.") else None
        if block is not None and block not in keep_blocks and name.endswith(QUANTIZED):
            codes, scale = fp8.quantize(w)
            out[name] = codes
            dtypes[name] = "F8_E4M3"
            out[name[:-len(".weight")] + ".weight_scale"] = np.array([scale], dtype=np.float32)
        elif name in FULL_PRECISION or block in keep_blocks:
            out[name] = w
        else:
            out[name] = fp8.to_bf16_bits(w)
            dtypes[name] = "BF16"
    return out, dtypes


def write_fixtures(model, folder, seed=7):
    """Inputs and outputs the Java engine must reproduce to 1e-4."""
    os.makedirs(folder, exist_ok=True)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    index = {}
    dit, vae, text, vocab = model.dit, model.vae, model.text, model.vocab
    mc, rc = model.model_cfg, model.runtime_cfg
    with torch.no_grad():
        spec = world.sample_spec(rng, 2, split="heldout")
        frames = world.render(spec, rc["video_size_w"], rc["video_size_h"])
        video = to_unit(torch.from_numpy(frames[None, :24]))
        mean = vae.encode(video)
        safetensors.save(os.path.join(folder, "vae.safetensors"), {
            "video": video.numpy(), "latent_mean": mean.numpy(), "decoded": vae.decode(mean).numpy()})
        index["vae"] = {"file": "vae.safetensors", "video": "frames in [-1, 1], [B, T, H, W, 3]",
                        "latent_mean": "encoder mean, unscaled, [B, C, T/4, h, w]",
                        "decoded": "decoder output of latent_mean (unclamped)"}

        prompts = [spec["captions"][0], "the circle turns blue and a zebra dances"]
        L = mc["caption_max_length"]
        enc = [vocab.encode(p, 2 - i, L) for i, p in enumerate(prompts)]
        ids = torch.tensor([e[0] for e in enc])
        mask = torch.tensor([e[1] for e in enc], dtype=torch.float32)
        tout = text(ids, mask)
        safetensors.save(os.path.join(folder, "text.safetensors"), {
            "ids": ids.numpy(), "mask": mask.numpy(), "output": tout.numpy()})
        index["text"] = {"file": "text.safetensors", "prompts": prompts, "remaining": [2, 1]}

        K, C = 2, mc["in_channels"]
        h = rc["video_size_h"] // 4
        x = torch.randn(1, C, 6 * K, h, h)
        t = torch.tensor([[0.7, 0.2]])
        cap = tout[None]
        cmask = mask[None]
        null = torch.tensor([[False, True]])
        steps = torch.tensor([8.0])
        cidx = torch.tensor([3, 4])
        kvr = torch.tensor([1, 5])
        vel = dit(x, t, cap, cmask, null, steps, cidx, kvr)
        safetensors.save(os.path.join(folder, "dit_forward.safetensors"), {
            "x": x.numpy(), "t": t.numpy(), "caption": cap.numpy(), "caption_mask": cmask.numpy(),
            "caption_null": null.numpy().astype(np.uint8), "num_steps": steps.numpy(),
            "chunk_index": cidx.numpy(), "kv_range": kvr.numpy(), "velocity": vel.numpy()})
        index["dit_forward"] = {"file": "dit_forward.safetensors",
                                "about": "two chunks in one pass: chunk 3 clean-ish with its own caption and kv "
                                         "range 1, chunk 4 with the null caption seeing chunks 0-4"}

        # layer 0 on its own
        layer = dit.videodit_blocks.layers[0]
        tok = dit.x_embedder(x).flatten(2).transpose(1, 2)
        frames_idx = (cidx[:, None] * 6 + torch.arange(6)[None]).reshape(-1)
        g = h // mc["patch_size"]  # tokens per latent row
        cos, sin = rope_cos_sin(rope_grid(frames_idx, g, g, mc["rope_ref_grid"]), dit.rope.bands)
        te = dit.t_embedder(t.reshape(-1)).reshape(1, K, -1)
        de = dit.t_embedder(dit.step_embedding_value(steps))[:, None]
        yx, ym, ya = dit.y_embedder(cap, cmask, null)
        cond = te + de + ya
        tpc = 6 * g * g
        qc = cidx.repeat_interleave(tpc)
        m = block_mask(qc, qc, kvr.repeat_interleave(tpc))
        lo, (lk, lv) = layer(tok, cond.repeat_interleave(tpc, dim=1), cos, sin, m, None, yx, ym, tpc)
        safetensors.save(os.path.join(folder, "dit_layer0.safetensors"), {
            "tokens": tok.numpy(), "condition": cond.numpy(), "rope_cos": cos.numpy(), "rope_sin": sin.numpy(),
            "y_xattn": yx.numpy(), "y_mask": ym.numpy(), "chunk_index": cidx.numpy(), "kv_range": kvr.numpy(),
            "output": lo.numpy(), "k": lk.numpy(), "v": lv.numpy()})
        index["dit_layer0"] = {"file": "dit_layer0.safetensors",
                               "about": "videodit_blocks.layers.0 alone; condition is per chunk (t + step + caption "
                                        "vectors), y_xattn after y_proj_xattn, k/v after QK-norm and rotary"}

        # KV cache: chunk 0 clean re-run, then chunk 1 attending to it
        z0 = torch.randn(1, C, 6, h, h)
        nul1 = torch.ones(1, 1, dtype=torch.bool)
        _, kvs = dit(z0, torch.tensor([[rc["clean_t"]]]), torch.zeros(1, 1, L, mc["caption_channels"]),
                     torch.ones(1, 1, L), nul1, steps, torch.tensor([0]), torch.tensor([1]), return_kv=True)
        x1 = torch.randn(1, C, 6, h, h)
        past_chunks = torch.zeros(kvs[0][0].shape[2], dtype=torch.long)
        vel1 = dit(x1, torch.tensor([[0.3]]), tout[None, :1], mask[None, :1], torch.zeros(1, 1, dtype=torch.bool),
                   steps, torch.tensor([1]), torch.tensor([5]), past=kvs, past_chunks=past_chunks)
        tensors = {"clean_latent": z0.numpy(), "x": x1.numpy(), "velocity": vel1.numpy()}
        for i, (k_, v_) in enumerate(kvs):
            tensors["k.%d" % i] = k_.numpy()
            tensors["v.%d" % i] = v_.numpy()
        safetensors.save(os.path.join(folder, "dit_kvcache.safetensors"), tensors)
        index["dit_kvcache"] = {"file": "dit_kvcache.safetensors", "t": 0.3, "caption": prompts[0],
                                "remaining": 2, "num_steps": 8,
                                "about": "clean_latent (chunk 0) run at clean_t with the null caption and kv range 1 "
                                         "gives k.L/v.L per layer; chunk 1 (x, t=0.3, prompt 0, kv range 5) "
                                         "attends to them"}

        # whole sampled chunks from given noise
        img = frames[0]
        cases = {
            "sample_t2v": dict(prompts=[spec["captions"][0]], steps=8, window=1, cfg_number=1, image=None),
            "sample_window": dict(prompts=spec["captions"][:2], steps=8, window=2, cfg_number=3, image=None),
            "sample_i2v": dict(prompts=[spec["captions"][0]], steps=8, window=1, cfg_number=1, image=img),
        }
        for name, cs in cases.items():
            n = len(cs["prompts"])
            noises = [chunk_noise(100 + j, (C, 6, h, h)) for j in range(n)]
            req = Request(cs["prompts"], [100 + j for j in range(n)], num_steps=cs["steps"], window=cs["window"],
                          cfg_number=cs["cfg_number"], image=cs["image"])
            latents = []
            chunks = generate(model, req, noises=noises, latents_out=latents)
            tensors = {}
            for j in range(n):
                tensors["noise.%d" % j] = noises[j].numpy()
                tensors["latent.%d" % j] = latents[j].numpy()
                tensors["frames.%d" % j] = chunks[j]
            if cs["image"] is not None:
                tensors["image"] = cs["image"]
            safetensors.save(os.path.join(folder, name + ".safetensors"), tensors)
            index[name] = {"file": name + ".safetensors", "prompts": cs["prompts"], "num_steps": cs["steps"],
                           "window": cs["window"], "cfg_number": cs["cfg_number"], "total_chunks": n,
                           "about": "noise.j is chunk j's initial noise; latent.j the final scaled latent; "
                                    "frames.j the decoded uint8 frames"}

        w = dit.videodit_blocks.layers[min(1, len(dit.videodit_blocks.layers) - 1)].mlp.linear_fc1.weight.numpy()
        codes, scale = fp8.quantize(w)
        safetensors.save(os.path.join(folder, "fp8.safetensors"), {
            "codes": codes, "scale": np.array([scale], dtype=np.float32), "dequantized": fp8.dequantize(codes, scale),
            "all_codes": np.arange(256, dtype=np.uint8), "all_values": np.nan_to_num(fp8.decode_table(), nan=0.0)},
            dtypes={"codes": "F8_E4M3", "all_codes": "F8_E4M3"})
        index["fp8"] = {"file": "fp8.safetensors", "about": "e4m3fn codes, their per-tensor scale and values; "
                                                             "all_values maps each code (NaN codes 0x7f/0xff as 0)"}
    with open(os.path.join(folder, "index.json"), "w") as f:
        json.dump(index, f, indent=1)


def _training(st, vae_facts):
    """Steps and minutes of the DiT's training, counting the checkpoint a run was initialised from (--init-from)."""
    steps, minutes = st["step"], st["elapsed"] / 60
    prior = st.get("before") or {}
    out = {}
    if "dit_steps" in prior:
        out["dit_steps_before_this_run"] = prior["dit_steps"]
        out["dit_minutes_before_this_run"] = prior["dit_minutes"]
        steps += prior["dit_steps"]
        minutes += prior["dit_minutes"]
    out.update({"dit_steps": steps, "dit_minutes": round(minutes, 1), **vae_facts})
    args = st.get("args") or {}
    if args.get("distil_guidance"):  # the text guidance this model draws in one pass (train_dit --distil-guidance)
        out["guidance_learnt"] = {"text_scale": args["distil_guidance"], "below_t": args["distil_t_edge"]}
    elif "guidance_learnt" in prior:
        out["guidance_learnt"] = prior["guidance_learnt"]
    return out


def _vae(path):
    """The VAE and its training facts from a VAE training state (state.pt) or an exported checkpoint folder, whose
    VAE a DiT run may have trained on without the state it came from."""
    if os.path.isdir(path):
        vae = checkpoint.load(path).vae
        with open(os.path.join(path, "config.json"), encoding="utf-8") as f:
            trained = json.load(f).get("training", {})
        return vae, vae.cfg, {k: trained[k] for k in ("vae_steps", "vae_minutes") if k in trained}
    vst = torch.load(path)
    vae = VideoVAE(vst["config"])
    vae.load_state_dict(vst["model"])
    return vae, vst["config"], {"vae_steps": vst["step"], "vae_minutes": round(vst["elapsed"] / 60, 1)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dit", default="runs/dit/state.pt")
    ap.add_argument("--vae", default="runs/vae/state.pt", help="a VAE training state, or a checkpoint folder")
    ap.add_argument("--out", default="../ckpt/nano")
    ap.add_argument("--raw", action="store_true", help="export the online weights, not the EMA")
    ap.add_argument("--fp8-keep-blocks", default="", help="comma-separated block numbers kept in fp32")
    args = ap.parse_args(argv)
    st = torch.load(args.dit, map_location="cpu")
    vae, vc, vae_facts = _vae(args.vae)
    mc, tc, rc = st["model_config"], st["text_config"], dict(st["runtime_config"])
    dit, text = VideoDiT(mc), TextEncoder(tc)
    dit.load_state_dict(st["dit"] if args.raw else st["ema_dit"])
    text.load_state_dict(st["text"] if args.raw else st["ema_text"])
    rc["scale_factor"] = st["scale"]
    rc["vae_pretrained"] = "vae.safetensors"
    rc["t5_pretrained"] = "text_encoder.safetensors"
    os.makedirs(args.out, exist_ok=True)
    keep = [int(b) for b in args.fp8_keep_blocks.split(",") if b.strip()]
    dit_np = checkpoint.state_numpy(dit)
    safetensors.save(os.path.join(args.out, "model.safetensors"), dit_np, metadata={"format": "pt"})
    q, dtypes = fp8_tensors(dit_np, keep)
    safetensors.save(os.path.join(args.out, "model-fp8.safetensors"), q, metadata={"format": "pt"}, dtypes=dtypes)
    safetensors.save(os.path.join(args.out, "vae.safetensors"), checkpoint.state_numpy(vae))
    safetensors.save(os.path.join(args.out, "text_encoder.safetensors"), checkpoint.state_numpy(text))
    with open(os.path.join(args.out, "vocab.json"), "w") as f:
        json.dump({"special_tokens": world.WORLD["special_tokens"], "words": world.WORLD["words"]}, f, indent=1)
    cfg = {"format_version": 1, "model_config": mc, "runtime_config": rc, "vae_config": vc, "text_config": tc,
           "vocab": "vocab.json", "weights": "model.safetensors", "weights_fp8": "model-fp8.safetensors",
           "fp8": {"format": "e4m3fn", "scale": "per tensor, name + '_scale' beside each quantized '.weight'",
                   "kept_blocks": keep, "others": "bf16, except the first and last layers in fp32"},
           "training": _training(st, vae_facts)}
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=1)
    model = checkpoint.load(args.out)
    write_fixtures(model, os.path.join(args.out, "fixtures"))
    sizes = {n: os.path.getsize(os.path.join(args.out, n)) for n in ("model.safetensors", "model-fp8.safetensors")}
    print("exported to %s: DiT fp32 %.2f MB, fp8 %.2f MB (ratio %.3f)" % (
        args.out, sizes["model.safetensors"] / 1e6, sizes["model-fp8.safetensors"] / 1e6,
        sizes["model-fp8.safetensors"] / sizes["model.safetensors"]))


if __name__ == "__main__":
    main()
