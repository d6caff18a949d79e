"""Runs the MAGI-1 reference's own sampler end to end on the CPU in float32: text to video, image to video and video
to video, two new chunks each, on the tiny distill (cfg 1) and base (cfg 3) checkpoints (and text to video at the
distilled model's 12-step shortcut), and text to video on the 24B-shaped tiny24_distill (SwiGLU MLP, x_rescale_factor
0.1, its 16-channel latent doubled to 32 in-channels; its 16-channel VAE, vae24/), then its VAE on each clean
chunk, and writes the starting noise, the caption, the start's pixels and latents, the clean latents and the decoded
frames as fixtures for the Java engine (ckpt/tiny-reference/fixtures/reference_sample_<variant>[_i2v|_v2v|_t2v12].safetensors,
read by ReferenceSamplerTest).

NOT run by the test suite; it needs a checkout of the reference outside this repository, as reference_harness.py:

    cd training && /usr/bin/python3 -m magi_nano.reference_sample --reference /tmp/magi1-ref [--check]

The reference's code as reference_harness.py and reference_vae.py run it (their shims, listed in docs/MODEL.md), with
the environment of the reference's example/4.5B/run.sh: PAD_HQ=1 and PAD_DURATION=1, so each chunk's caption starts
with its duration token and the quality token (prompt_process.py's pad_special_token). The caption handed to the
sampler is 2 positions shorter than caption_max_length so that, with the two tokens, it has the length the model's
null caption has (the reference truncates to 800, the released caption_max_length, not to the config's). Runtime:
64x64 video (8x8 latents with the sampler's 8x stride) and 48 frames (two chunks of 6 latent frames); the VAE decodes
each chunk as post_chunk_process does (its tiny VAE's stride is 2: 16x16 frames), with TileProcessor's
single-process branch (torch.distributed.is_initialized answers False around it: the one-process gloo group the DiT
needs would send it down the branch that gathers tiles across GPUs as CUDA tensors).

Starts (pipeline.py's run_image_to_video / run_video_to_video): the pixels as ffmpeg_i2v / ffmpeg_v2v would hand them
over at the tiny VAE's frame size (16x16; one picture, or the 32 frames process_prefix_video reads), encoded as
encode_prefix_video does (VaeHelper.encode: / 127.5 - 1, tiled_encode_3d with fps // 2 frames a tile, times the
scale), in float32, then `extract_feature_for_inference(model, prefix_video, ...)` and the walk, which pads the prefix
into each pass (try_pad_prefix_video) and, for a video, first writes its whole chunks to the KV cache
(extract_prefix_video_feature). num_frames is chosen so that two chunks are new: 44 for the image (11 + 1 latent
frames: 2 chunks), 40 for the video (10 + 8: 3 chunks, the first the prefix's whole chunk, the second holding its last
2 latent frames and 4 new ones, of which the reference yields the new ones only).
"""
import argparse
import json
import os

import numpy as np

from . import safetensors
from .reference_harness import build, init_parallel_state
from .reference_vae import SCALE, build as build_vae, shim_vae
from .tiny_reference import weights_digest

VARIANTS = ("tiny_distill", "tiny_base", "tiny24_distill")
ONLY_T2V = ("tiny24_distill",)  # the 24B-shaped one: text to video only
NUM_FRAMES = {"t2v": 48, "i2v": 44, "v2v": 40, "t2v12": 48}
STEPS = {"t2v12": 12}  # the reference's 12-step shortcut (init_t, init_intervel), for the distilled model
PREFIX_FRAMES = {"i2v": 1, "v2v": 32}  # ffmpeg_i2v's one picture; process_prefix_video's prefix_frame=32
PIXELS = 16  # the tiny VAE's frames for 8x8 latents
SPECIAL = 2  # the quality and duration tokens
CAPTION_TOKENS = 20


def encode_prefix(vae, pixels, fps):
    """encode_prefix_video on THWC uint8 pixels, in float32: -> [1, C, t, h, w], scaled."""
    x = pixels.permute(3, 0, 1, 2).unsqueeze(0).float() / 127.5 - 1.0
    return vae.tiled_encode_3d(x, tile_sample_min_length=fps // 2, tile_sample_min_height=256,
                               tile_sample_min_width=256, spatial_tile_overlap_factor=0.25,
                               temporal_tile_overlap_factor=0, allow_spatial_tiling=True) * SCALE


def sample(ckpt, name, seed, vae, mode):
    import torch
    from inference.common import set_random_seed
    from inference.pipeline import video_generate as vg
    model, config = build(ckpt, name)
    model.runtime_config.num_frames = NUM_FRAMES[mode]
    model.runtime_config.num_steps = STEPS.get(mode, model.runtime_config.num_steps)
    mc, rc = config.model_config, config.runtime_config
    g = np.random.RandomState(seed)
    length = mc.caption_max_length - SPECIAL
    caption = torch.from_numpy(g.standard_normal((1, 1, length, mc.caption_channels)).astype(np.float32))
    mask = torch.zeros(1, length)
    mask[:, :CAPTION_TOKENS] = 1
    set_random_seed(rc.seed)
    # the VAE as on one GPU: TileProcessor's single-process branch (its multi-process one gathers CUDA tensors)
    initialized = torch.distributed.is_initialized
    extra = {}
    with torch.inference_mode():
        prefix = None
        if mode in PREFIX_FRAMES:
            pixels = torch.from_numpy(g.randint(0, 256, (PREFIX_FRAMES[mode], PIXELS, PIXELS, 3)).astype(np.uint8))
            torch.distributed.is_initialized = lambda: False
            prefix = encode_prefix(vae, pixels, rc.fps)
            torch.distributed.is_initialized = initialized
            extra = {"pixels": pixels.numpy(), "prefix": prefix[0].float().numpy()}
        inp = vg.extract_feature_for_inference(model, prefix, caption, mask)
        transport = vg.SampleTransport(model=model, transport_inputs=[inp], device="cpu")
        noise = transport.xs[0][0].clone()
        chunks = [c for _, _, c in transport.walk()]
        latents = torch.cat(chunks, dim=2)[0]
        torch.distributed.is_initialized = lambda: False
        frames = [vae.tiled_decode_3d(c / SCALE, tile_sample_min_height=256, tile_sample_min_width=256,
                                      spatial_tile_overlap_factor=0.25, temporal_tile_overlap_factor=0,
                                      tile_sample_min_length=rc.fps // 2, allow_spatial_tiling=True) for c in chunks]
        torch.distributed.is_initialized = initialized
        frames = torch.cat(frames, dim=2)[0]
    u8 = (frames * 127.5 + 127.5).clamp(0, 255).type(torch.uint8)  # VaeHelper.decode's uint8_output
    tensors = {"caption": caption[0, 0].numpy(), "caption_mask": mask[0].numpy(), "noise": noise.numpy(),
               "latents": latents.float().numpy(), "frames": frames.float().numpy(), "frames_u8": u8.numpy(), **extra}
    meta = {"variant": name, "mode": mode, "weights_sha256": weights_digest(ckpt, name), "cfg_number": rc.cfg_number,
            "num_steps": rc.num_steps, "window_size": rc.window_size, "num_frames": NUM_FRAMES[mode],
            "video_size": [rc.video_size_h, rc.video_size_w], "env": "PAD_HQ=1 PAD_DURATION=1"}
    return tensors, meta


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", default=os.environ.get("MAGI1_REFERENCE"))
    ap.add_argument("--ckpt", default=os.path.join(os.path.dirname(__file__), "..", "..", "ckpt", "tiny-reference"))
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--check", action="store_true", help="compare with the committed fixtures, write nothing")
    ap.add_argument("--modes", default="t2v,i2v,v2v,t2v12", help="which fixtures, comma-separated")
    ap.add_argument("--variants", default=",".join(VARIANTS), help="which checkpoints, comma-separated")
    a = ap.parse_args()
    if not a.reference or not os.path.isdir(os.path.join(a.reference, "inference", "pipeline")):
        raise SystemExit("--reference (or MAGI1_REFERENCE) must name a checkout of SandAI-org/MAGI-1")
    import torch
    torch.set_num_threads(1)
    ckpt = os.path.abspath(a.ckpt)
    os.environ.setdefault("SPECIAL_TOKEN_PATH", os.path.join(ckpt, "assets", "special_tokens.npz"))
    os.environ["PAD_HQ"] = "1"
    os.environ["PAD_DURATION"] = "1"
    shim_vae(os.path.abspath(a.reference))
    init_parallel_state()
    for mode in a.modes.split(","):
        for i, name in enumerate(VARIANTS):
            if name not in a.variants.split(",") or (mode in STEPS and name != "tiny_distill") \
                    or (mode != "t2v" and name in ONLY_T2V):
                continue
            with open(os.path.join(ckpt, name + "_config.json")) as f:
                vae = build_vae(os.path.join(ckpt, json.load(f)["runtime_config"]["vae_pretrained"]))
            write_or_check(ckpt, name, mode, sample(ckpt, name, a.seed + i, vae, mode), a.check)


def write_or_check(ckpt, name, mode, result, check):
    tensors, meta = result
    suffix = "" if mode == "t2v" else "_" + mode
    path = os.path.join(ckpt, "fixtures", "reference_sample_%s%s.safetensors" % (name, suffix))
    if check:
        old, _ = safetensors.load(path)
        worst = max(float(np.max(np.abs(old[k].astype(np.float64) - tensors[k]))) for k in tensors)
        print("%s %s: largest difference from the committed fixture %.3g" % (name, mode, worst))
        if worst > 1e-5:
            raise SystemExit("the reference's code computes other numbers than the committed fixture")
        return
    safetensors.save(path, tensors, metadata={"about": json.dumps(meta, sort_keys=True)})
    print("%s %s: latents %s, frames %s -> %s (%d bytes)" % (name, mode, tensors["latents"].shape,
                                                           tensors["frames"].shape, path, os.path.getsize(path)))

if __name__ == "__main__":
    main()
