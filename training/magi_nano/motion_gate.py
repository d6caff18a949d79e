"""Motion gate: can the DiT learn from the caption alone which way an object moves?

    /usr/bin/python3 -m magi_nano.motion_gate --model ../ckpt/nano --out ../runs/motion-gate
    ./magi eval --generated runs/motion-gate/generated --truth runs/motion-gate/truth --prefix-chunks 0

Five one-chunk clips of one object that differ only in where it starts and how it moves (sliding left, sliding
right, rising, falling, still). The model's weights are trained on them alone for a few minutes (an overfit test,
nothing is saved), then each caption is generated from fresh noise. If the motions come back as named, the
architecture and its conditioning can carry direction, and a model that does not move objects as named needs more
or other training, not a fix in the model.
"""
import argparse
import json
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import checkpoint, data, pngio, world
from .sampler import Request, generate
from .train_dit import motion_loss, sample_t
from .vae import to_unit

# (motion, x, y, vx, vy): places where each motion stays clean for the whole chunk at the small size
CLIPS = (("sliding left", 0.6, 0.5, -0.3, 0.0), ("sliding right", 0.4, 0.5, 0.3, 0.0),
         ("rising", 0.5, 0.6, 0.0, -0.3), ("falling", 0.5, 0.2, 0.0, 0.0), ("still", 0.5, 0.5, 0.0, 0.0))


def gate_specs(color="yellow", shape="square", background="black", size="small"):
    specs = []
    for motion, x, y, vx, vy in CLIPS:
        spec = {"version": 1, "chunks": 1, "background": background, "collision_restitution": 1.0, "events": [],
                "objects": [{"shape": shape, "color": color, "size": size, "radius": world.WORLD["sizes"][size],
                             "x": x, "y": y, "vx": vx, "vy": vy, "motion": motion, "restitution": 1.0}]}
        spec["captions"] = world.captions(spec, with_size=True)
        specs.append(spec)
    return specs


def _training_items(model, specs):
    items = []
    for spec in specs:
        video, masks, _ = data.render_clip(spec, model.runtime_cfg["video_size_h"])
        with torch.no_grad():
            z = model.vae.encode(to_unit(torch.from_numpy(video[None])))[0] * model.scale
        m = torch.from_numpy(masks).float()[None, None]
        w = F.max_pool3d(F.max_pool3d(m, (4, 4, 4)), (1, 3, 3), stride=1, padding=(0, 1, 1))[0, 0]
        ids, mask = model.vocab.encode(spec["captions"][0], 1, model.model_cfg["caption_max_length"])
        items.append((z, w, torch.tensor(ids), torch.tensor(mask, dtype=torch.float32)))
    return items


def train(model, items, steps, lr, motion_weight, object_weight=4.0, repeats=3, log=print):
    """Flow matching on the fixed clips, one chunk each, from text alone."""
    model.dit.train()
    model.text.train()
    params = list(model.dit.parameters()) + list(model.text.parameters())
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01, betas=(0.9, 0.99))
    rng = random.Random(0)
    batch = [items[i % len(items)] for i in range(repeats * len(items))]
    x1 = torch.stack([b[0] for b in batch])
    wmap = (1 + object_weight * torch.stack([b[1] for b in batch]))[:, None]
    ids = torch.stack([b[2] for b in batch])
    mask = torch.stack([b[3] for b in batch])
    B = len(batch)
    null = torch.zeros(B, 1, dtype=torch.bool)
    t0 = time.time()
    for step in range(steps):
        t = torch.tensor(sample_t(rng, B))[:, None]
        x0 = torch.randn_like(x1)
        tt = t[:, :, None, None, None]
        xt = tt * x1 + (1 - tt) * x0
        cap = model.text(ids, mask)[:, None]
        pred = model.dit(xt, t, cap, mask[:, None], null, torch.full((B,), 64.0), torch.arange(1), torch.tensor([1]))
        target = x1 - x0
        loss = torch.sum(wmap * (pred - target) ** 2) / (wmap.sum() * pred.shape[1])
        if motion_weight > 0:
            loss = loss + motion_weight * motion_loss(pred, target, t.repeat_interleave(x1.shape[2], dim=1), wmap)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        if step % 50 == 0 or step == steps - 1:
            log("motion gate step %d  loss %.4f  %.1f min" % (step, loss.item(), (time.time() - t0) / 60))
    model.dit.eval()
    model.text.eval()


def write_scene(out, name, spec, frames):
    """A truth spec `./magi eval --truth` reads and the generated clip as a folder of PNG frames of the same name."""
    os.makedirs(os.path.join(out, "truth"), exist_ok=True)
    with open(os.path.join(out, "truth", name + ".json"), "w") as f:
        json.dump(spec, f, indent=1)
    d = os.path.join(out, "generated", name)
    os.makedirs(d, exist_ok=True)
    for i, frame in enumerate(frames):
        pngio.write(os.path.join(d, "frame-%04d.png" % i), frame)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="../ckpt/nano", help="an exported checkpoint folder; its weights start the test")
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--motion-weight", type=float, default=0.0)
    ap.add_argument("--seeds", type=int, default=3, help="generations per caption")
    ap.add_argument("--num-steps", type=int, default=64, help="sampling steps")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = checkpoint.load(args.model)
    specs = gate_specs()
    train(model, _training_items(model, specs), args.steps, args.lr, args.motion_weight,
          log=lambda s: print(s, flush=True))
    n = 0
    with torch.no_grad():
        for spec in specs:
            for seed in range(1, args.seeds + 1):
                chunks = generate(model, Request(spec["captions"], [seed], num_steps=args.num_steps, window=1,
                                                 cfg_number=1))
                write_scene(args.out, "scene-%04d" % n, spec, np.concatenate(chunks))
                n += 1
    print("wrote %d clips of %d captions to %s; score them with\n"
          "  ./magi eval --generated %s --truth %s --prefix-chunks 0" % (
              n, len(specs), args.out, os.path.join(args.out, "generated"), os.path.join(args.out, "truth")))


if __name__ == "__main__":
    main()
