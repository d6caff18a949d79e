"""Generate the clips of a truth folder with the Python sampler, for `./magi eval` to score.

    ./magi playground render --split heldout --scenes 40 --chunks 4 --size 32 --format png --out /tmp/truth
    /usr/bin/python3 -m magi_nano.evaluate --ckpt ../ckpt/nano --truth /tmp/truth --out /tmp/gen [--mode v2v]
    ./magi eval --truth /tmp/truth --generated /tmp/gen --json

For each scene NAME.json of the truth folder it writes NAME/frame-NNNN.png. t2v: every chunk from its caption.
v2v: the first --prefix-chunks chunks are the truth (rendered by the Python world at the model's size) and the model
continues from them; the clip written holds the prefix and the continuation. vae: each truth chunk encoded and
decoded by the VAE alone (the VAE gate: can the analyzer still read the scene after the round trip?).
"""
import argparse
import glob
import json
import os
import time

import numpy as np
import torch

from . import checkpoint, pngio, world
from .sampler import NanoModel, Request, generate
from .vae import to_uint8, to_unit


def model_from_training(state_path, vae_path, ema=True):
    from .dit import VideoDiT
    from .text import TextEncoder, Vocabulary
    from .train_dit import load_vae
    st = torch.load(state_path, map_location="cpu")
    vae, _ = load_vae(vae_path)
    dit, text = VideoDiT(st["model_config"]), TextEncoder(st["text_config"])
    dit.load_state_dict(st["ema_dit"] if ema else st["dit"])
    text.load_state_dict(st["ema_text"] if ema else st["text"])
    rc = dict(st["runtime_config"])
    rc["scale_factor"] = st["scale"]
    return NanoModel(dit, vae, text, Vocabulary.from_world(), st["model_config"], rc)


class VaeRoundTrip:
    """Only the VAE of a model: frames -> latents -> frames."""

    def __init__(self, vae, size):
        self.vae = vae
        self.runtime_cfg = {"video_size_h": size}

    @torch.no_grad()
    def chunk(self, frames_uint8):
        x = to_unit(torch.from_numpy(np.ascontiguousarray(frames_uint8))[None])
        return to_uint8(self.vae.decode(self.vae.encode(x)))[0].numpy()


def write_clip(folder, frames):
    tmp = folder + ".partial"
    os.makedirs(tmp, exist_ok=True)
    for i, f in enumerate(frames):
        pngio.write(os.path.join(tmp, "frame-%04d.png" % i), f)
    if os.path.exists(folder):
        for f in glob.glob(os.path.join(folder, "*.png")):
            os.remove(f)
        os.rmdir(folder)
    os.replace(tmp, folder)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ckpt", help="an exported checkpoint folder")
    ap.add_argument("--state", help="or a training state (runs/dit/state.pt, EMA weights) ...")
    ap.add_argument("--vae", default="../runs/vae/state.pt", help="... with its VAE state")
    ap.add_argument("--truth", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--mode", choices=("t2v", "v2v", "vae"), default="t2v")
    ap.add_argument("--prefix-chunks", type=int, default=2)
    ap.add_argument("--steps", type=int, default=None)
    ap.add_argument("--window", type=int, default=None)
    ap.add_argument("--cfg-number", type=int, default=None)
    ap.add_argument("--fp8", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.ckpt:
        model = checkpoint.load(args.ckpt, use_fp8=args.fp8)
        if args.mode == "vae":
            model = VaeRoundTrip(model.vae, model.runtime_cfg["video_size_h"])
    elif args.mode == "vae":
        from .train_dit import load_vae
        vae, cfg = load_vae(args.vae)
        model = VaeRoundTrip(vae, cfg["video_size_h"])
    else:
        model = model_from_training(args.state, args.vae)
    size = model.runtime_cfg["video_size_h"]
    specs = sorted(glob.glob(os.path.join(args.truth, "*.json")))
    if not specs:
        raise SystemExit("evaluate: no scene specs (*.json) in %s" % args.truth)
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    generated = 0
    for n, path in enumerate(specs):
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
        caps = spec.get("captions") or world.captions(spec)
        k = len(caps)
        seeds = [args.seed * 1000 + 17 * n + j for j in range(k)]
        name = os.path.splitext(os.path.basename(path))[0]
        if args.mode == "vae":
            truth = world.render(spec, size, size)
            chunks = [model.chunk(truth[j:j + world.CHUNK]) for j in range(0, len(truth), world.CHUNK)]
            frames = np.concatenate(chunks)
        elif args.mode == "t2v":
            chunks = generate(model, Request(caps, seeds, num_steps=args.steps, window=args.window,
                                             cfg_number=args.cfg_number))
            frames = np.concatenate(chunks)
        else:
            p = args.prefix_chunks
            truth = world.render(spec, size, size)
            prefix = truth[:p * world.CHUNK]
            chunks = generate(model, Request(caps[p:], seeds[p:], num_steps=args.steps, window=args.window,
                                             cfg_number=args.cfg_number, prefix_video=prefix, total_chunks=k - p))
            frames = np.concatenate([prefix] + chunks)
        generated += len(chunks)
        write_clip(os.path.join(args.out, name), frames)
        print("%s %d/%d (%s)" % (args.mode, n + 1, len(specs), name), flush=True)
    el = time.time() - t0
    print(json.dumps({"clips": len(specs), "chunks": generated, "seconds": round(el, 1),
                      "fps": round(generated * world.CHUNK / el, 1)}))


if __name__ == "__main__":
    main()
