"""Runs the MAGI-1 reference's own ViT VAE (inference/model/vae/, with its TileProcessor and the tile settings of
pipeline/video_process.py) on the CPU in float32 on the tiny reference checkpoint's VAE, and writes what it computed
as a fixture for the Java engine (ckpt/tiny-reference/fixtures/reference_vae.safetensors, read by ReferenceVaeTest).

NOT run by the test suite; it needs a checkout of the reference outside this repository, as reference_harness.py:

    git -C MIRROR archive HEAD inference | tar -x -C /tmp/magi1-ref
    cd training && /usr/bin/python3 -m magi_nano.reference_vae --reference /tmp/magi1-ref [--check]

What runs is the reference's `ViTVAE` (vae_model.py: `ViTEncoder`, `ViTDecoder`, `DiagonalGaussianDistribution`, the
pos_embed resize by trilinear interpolation) and `TileProcessor.tiled_decode` / `tiled_encode` (tile_parallel.py),
with the arguments `decode_chunk` and `encode_prefix_video` of video_process.py pass (256-pixel tiles, overlap 0.25,
fps // 2 frames a tile), and `patch_vae_encode` (the posterior's mode). Besides reference_harness.py's shims:

- `flash_attn_qkvpacked_func`: plain softmax attention in float32, scale 1/sqrt(head) (the reference casts to bf16).
- `timm.models.layers` (`to_2tuple`, `trunc_normal_`), `diffusers` (`ModelMixin` as torch.nn.Module, `ConfigMixin`,
  `register_to_config` as no-ops): not installed here; the weights come from the checkpoint, so no initialiser runs
  that matters.
- `ffmpeg` (ffmpeg-python, which video_process.py imports for reading and writing files): an empty module; the
  fixture's pixels are given as the ffmpeg calls would hand them over (THWC, 0..255).
- `torch.compile` (torch 2; the blend functions of tiled_decode): the function itself. `torch.distributed.get_rank`
  (a progress bar's label): 0, as no process group is started (`ParallelHelper` then takes every tile itself).
- float32 throughout: the reference casts the VAE and its input to bf16 (`vae.bfloat16()`, `video.bfloat16()`) and
  decodes under CUDA autocast.

The tiny VAE's stride is 2x2 pixels (its `patch_size`), so the 256-pixel tiles of the pipeline never split its small
frames; a second decode and encode use the same TileProcessor with 8-pixel tiles (overlap 0.25), so that the spatial
blending is checked too.
"""
import argparse
import json
import os
import sys
import types

import numpy as np

from . import safetensors
from .reference_harness import _attend, _module, install_shims, _load_file

TILE_SMALL = 8  # pixels: splits the fixture's 16x16 frames into overlapping tiles
FPS = 24
SCALE = 0.18215


def flash_attn_qkvpacked_func(qkv, dropout_p=0.0, softmax_scale=None, causal=False, **kw):
    """qkv [B, N, 3, H, hd] -> [B, N, H, hd]."""
    q, k, v = qkv.float().unbind(2)
    scale = softmax_scale or q.shape[-1] ** -0.5
    return _attend(q, k, v, scale)


def shim_vae(reference):
    import torch
    install_shims(reference)
    sys.modules["flash_attn"].flash_attn_qkvpacked_func = flash_attn_qkvpacked_func
    timm = _module("timm")
    timm.models = _module("timm.models")
    timm.models.layers = _module("timm.models.layers", to_2tuple=lambda x: x if isinstance(x, tuple) else (x, x),
                                 trunc_normal_=lambda t, std=1.0, **k: t)

    class ConfigMixin:
        pass

    _module("diffusers", ModelMixin=torch.nn.Module, ConfigMixin=ConfigMixin)
    _module("diffusers.configuration_utils", register_to_config=lambda f: f)
    _module("ffmpeg")  # video_process.py's file reading and writing; not called
    torch.compile = lambda f, **k: f
    rank = torch.distributed.get_rank
    torch.distributed.get_rank = lambda group=None: rank(group) if torch.distributed.is_initialized() else 0


def build(folder):
    from inference.model.vae.vae_model import ViTVAE
    from inference.pipeline.video_process import VaeHelper
    with open(os.path.join(folder, "config.json")) as f:
        cfg = json.load(f)
    vae = ViTVAE(cfg["ddconfig"], cfg.get("model_type", "vit"))
    state = _load_file(os.path.join(folder, "diffusion_pytorch_model.safetensors"))
    missing, unexpected = vae.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
    assert not missing and not unexpected
    vae.encode = VaeHelper.patch_vae_encode.__get__(vae)
    return vae.eval()


def fixture(ckpt, seed):
    import torch
    vae = build(os.path.join(ckpt, "vae"))
    g = np.random.RandomState(seed)
    out = {}
    # a chunk's latent as the sampler hands it over: [1, C, 6, 8, 8] (scaled); decode_chunk divides by the scale
    z = torch.from_numpy(g.standard_normal((1, 4, 6, 8, 8)).astype(np.float32))
    out["decode.latent"] = z.numpy()
    # 24 frames of 16x16 in 0..255, as ffmpeg hands them over (THWC), and one picture for i2v
    video = torch.from_numpy(g.randint(0, 256, (24, 16, 16, 3)).astype(np.uint8))
    out["encode.video"] = video.numpy()
    out["encode.image"] = video[:1].numpy()
    with torch.inference_mode():
        for label, tile in (("", 256), ("small.", TILE_SMALL)):
            frames = vae.tiled_decode_3d(z / SCALE, tile_sample_min_height=tile, tile_sample_min_width=tile,
                                         spatial_tile_overlap_factor=0.25, temporal_tile_overlap_factor=0,
                                         tile_sample_min_length=FPS // 2, allow_spatial_tiling=True)
            out[label + "decode.frames"] = frames.float().numpy()
            for what, pixels in (("video", video), ("image", video[:1])):
                x = pixels.permute(3, 0, 1, 2).unsqueeze(0).float() / 127.5 - 1.0  # THWC -> NCTHW, as the pipeline
                latent = vae.tiled_encode_3d(x, tile_sample_min_length=FPS // 2, tile_sample_min_height=tile,
                                             tile_sample_min_width=tile, spatial_tile_overlap_factor=0.25,
                                             temporal_tile_overlap_factor=0, allow_spatial_tiling=True) * SCALE
                out[label + "encode." + what + ".latent"] = latent.float().numpy()
        # the untiled modules on the VAE's own grid (1 x 4 x 4 latent: no pos_embed resize)
        small = z[:, :, :1, :4, :4] / SCALE
        out["module.decoder.latent"] = small.numpy()
        out["module.decoder.frames"] = vae.decoder(small).float().numpy()
        x = video[:4, :8, :8].permute(3, 0, 1, 2).unsqueeze(0).float() / 127.5 - 1.0
        out["module.encoder.video"] = x.numpy()
        out["module.encoder.moments"] = vae.encoder(x).float().numpy()
    out["tile_small"] = np.array([TILE_SMALL], np.int64)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", default=os.environ.get("MAGI1_REFERENCE"))
    ap.add_argument("--ckpt", default=os.path.join(os.path.dirname(__file__), "..", "..", "ckpt", "tiny-reference"))
    ap.add_argument("--seed", type=int, default=77)
    ap.add_argument("--check", action="store_true", help="compare with the committed fixture, write nothing")
    a = ap.parse_args()
    if not a.reference or not os.path.isdir(os.path.join(a.reference, "inference", "model", "vae")):
        raise SystemExit("--reference (or MAGI1_REFERENCE) must name a checkout of SandAI-org/MAGI-1")
    import torch
    torch.set_num_threads(1)
    ckpt = os.path.abspath(a.ckpt)
    os.environ.setdefault("SPECIAL_TOKEN_PATH", os.path.join(ckpt, "assets", "special_tokens.npz"))
    shim_vae(os.path.abspath(a.reference))
    tensors = fixture(ckpt, a.seed)
    path = os.path.join(ckpt, "fixtures", "reference_vae.safetensors")
    if a.check:
        old, _ = safetensors.load(path)
        worst = max(float(np.max(np.abs(old[k].astype(np.float64) - tensors[k]))) for k in tensors)
        print("largest difference from the committed fixture %.3g" % worst)
        if worst > 1e-5:
            raise SystemExit("the reference's VAE computes other numbers than the committed fixture")
        return
    safetensors.save(path, tensors, metadata={"about": "SandAI-org/MAGI-1 ViTVAE, float32, CPU; reference_vae.py"})
    print("%s: %d tensors, %d bytes; decoded %s, encoded %s" % (path, len(tensors), os.path.getsize(path),
          tensors["decode.frames"].shape, tensors["encode.video.latent"].shape))


if __name__ == "__main__":
    main()
