"""Runs the MAGI-1 reference's own sampler end to end on the CPU in float32: text to video, two chunks, on the tiny
distill (cfg 1) and base (cfg 3) checkpoints, then its VAE on each clean chunk, and writes the starting noise, the
caption, the clean latents and the decoded frames as fixtures for the Java engine
(ckpt/tiny-reference/fixtures/reference_sample_<variant>.safetensors, read by ReferenceSamplerTest).

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
"""
import argparse
import json
import os

import numpy as np

from . import safetensors
from .reference_harness import build, init_parallel_state
from .reference_vae import SCALE, build as build_vae, shim_vae
from .tiny_reference import weights_digest

VARIANTS = ("tiny_distill", "tiny_base")
NUM_FRAMES = 48
SPECIAL = 2  # the quality and duration tokens
CAPTION_TOKENS = 20


def sample(ckpt, name, seed, vae):
    import torch
    from inference.common import set_random_seed
    from inference.pipeline import video_generate as vg
    model, config = build(ckpt, name)
    model.runtime_config.num_frames = NUM_FRAMES
    mc, rc = config.model_config, config.runtime_config
    g = np.random.RandomState(seed)
    length = mc.caption_max_length - SPECIAL
    caption = torch.from_numpy(g.standard_normal((1, 1, length, mc.caption_channels)).astype(np.float32))
    mask = torch.zeros(1, length)
    mask[:, :CAPTION_TOKENS] = 1
    set_random_seed(rc.seed)
    with torch.inference_mode():
        inp = vg.extract_feature_for_inference(model, None, caption, mask)
        transport = vg.SampleTransport(model=model, transport_inputs=[inp], device="cpu")
        noise = transport.xs[0][0].clone()
        chunks = [c for _, _, c in transport.walk()]
        latents = torch.cat(chunks, dim=2)[0]
        # the VAE as on one GPU: TileProcessor's single-process branch (its multi-process one gathers CUDA tensors)
        initialized = torch.distributed.is_initialized
        torch.distributed.is_initialized = lambda: False
        frames = [vae.tiled_decode_3d(c / SCALE, tile_sample_min_height=256, tile_sample_min_width=256,
                                      spatial_tile_overlap_factor=0.25, temporal_tile_overlap_factor=0,
                                      tile_sample_min_length=rc.fps // 2, allow_spatial_tiling=True) for c in chunks]
        torch.distributed.is_initialized = initialized
        frames = torch.cat(frames, dim=2)[0]
    u8 = (frames * 127.5 + 127.5).clamp(0, 255).type(torch.uint8)  # VaeHelper.decode's uint8_output
    tensors = {"caption": caption[0, 0].numpy(), "caption_mask": mask[0].numpy(), "noise": noise.numpy(),
               "latents": latents.float().numpy(), "frames": frames.float().numpy(), "frames_u8": u8.numpy()}
    meta = {"variant": name, "weights_sha256": weights_digest(ckpt, name), "cfg_number": rc.cfg_number,
            "num_steps": rc.num_steps, "window_size": rc.window_size, "num_frames": NUM_FRAMES,
            "video_size": [rc.video_size_h, rc.video_size_w], "env": "PAD_HQ=1 PAD_DURATION=1"}
    return tensors, meta


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", default=os.environ.get("MAGI1_REFERENCE"))
    ap.add_argument("--ckpt", default=os.path.join(os.path.dirname(__file__), "..", "..", "ckpt", "tiny-reference"))
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--check", action="store_true", help="compare with the committed fixtures, write nothing")
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
    vae = build_vae(os.path.join(ckpt, "vae"))
    for i, name in enumerate(VARIANTS):
        tensors, meta = sample(ckpt, name, a.seed + i, vae)
        path = os.path.join(ckpt, "fixtures", "reference_sample_%s.safetensors" % name)
        if a.check:
            old, _ = safetensors.load(path)
            worst = max(float(np.max(np.abs(old[k].astype(np.float64) - tensors[k]))) for k in tensors)
            print("%s: largest difference from the committed fixture %.3g" % (name, worst))
            if worst > 1e-5:
                raise SystemExit("the reference's code computes other numbers than the committed fixture")
            continue
        safetensors.save(path, tensors, metadata={"about": json.dumps(meta, sort_keys=True)})
        print("%s: latents %s, frames %s -> %s (%d bytes)" % (name, tensors["latents"].shape, tensors["frames"].shape,
                                                            path, os.path.getsize(path)))


if __name__ == "__main__":
    main()
