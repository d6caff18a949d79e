"""Does the DiT's prediction at high noise carry the motion its caption names?

    /usr/bin/python3 -m magi_nano.motion_probe --model ../ckpt/nano [--state runs/dit/state.pt --vae ../ckpt/nano]

At t = 0 (pure noise) the best prediction of a clip is the mean of every clip its caption allows: for "sliding right"
a faint band of the object's colour that moves right from the first latent frame to the last. The sampler starts
from that mean, so if the model's mean does not move, the direction is left to the noise. For each motion this
prints how far the centroid of the clip's deviation from its background travels (pixels, along the motion's axis)
in that ideal mean (128 placements drawn by the world's own sampler) and in the model's mean prediction over 64
noises, and the same for the model's prediction at a few low t from the noised truth with the caption as is and
with the opposite motion named (which of text and picture decides the direction).
"""
import argparse
import json
import random

import numpy as np
import torch

from . import checkpoint, data, world
from .vae import to_unit

OPPOSITE = {"sliding right": "sliding left", "sliding left": "sliding right", "rising": "falling", "falling": "rising"}
AXIS = {"sliding right": 1, "sliding left": 1, "rising": 0, "falling": 0}  # 0: rows (y), 1: columns (x)
SIGN = {"sliding right": 1.0, "sliding left": -1.0, "rising": -1.0, "falling": 1.0}


class Probe:
    def __init__(self, model):
        self.m = model
        self.size = model.runtime_cfg["video_size_h"]

    @torch.no_grad()
    def latents(self, specs):
        vids = torch.from_numpy(np.stack([data.render_clip(s, self.size)[0] for s in specs]))
        return self.m.vae.encode(to_unit(vids)) * self.m.scale

    @torch.no_grad()
    def clean_estimate(self, xt, t, caption):
        b = xt.shape[0]
        cap, mask = self.m.encode_text(caption, 4)
        v = self.m.dit(xt, torch.full((b, 1), float(t)), cap.expand(b, 1, -1, -1), mask.expand(b, 1, -1),
                       torch.zeros(b, 1, dtype=torch.bool), torch.full((b,), float(self.m.runtime_cfg["num_steps"])),
                       torch.tensor([0]), torch.tensor([1]))
        return xt + (1 - t) * v

    @torch.no_grad()
    def travel(self, z, background, axis):
        """Centroid travel (px) of each clip's deviation from its background, last 4 frames against the first 4."""
        frames = ((self.m.vae.decode(z / self.m.scale).clamp(-1, 1) + 1) * 127.5)  # B T H W 3
        bg = torch.tensor(world.WORLD["backgrounds"][background], dtype=torch.float32)
        w = (frames - bg).abs().sum(-1)  # B T H W
        coord = torch.arange(self.size, dtype=torch.float32)
        coord = coord[None, None, :, None] if axis == 0 else coord[None, None, None, :]
        c = (w * coord).sum((2, 3)) / w.sum((2, 3)).clamp(min=1e-6)  # B T
        return c[:, -4:].mean(1) - c[:, :4].mean(1)


def scene(rng, motion, color="red", shape="circle", size="small", background="black"):
    r = world.WORLD["sizes"][size]
    x, y, vx, vy = world._place(rng, motion, r, world.WORLD["physics"])
    return {"version": 1, "chunks": 1, "background": background, "collision_restitution": 1.0, "events": [],
            "objects": [{"shape": shape, "color": color, "size": size, "radius": r, "x": x, "y": y, "vx": vx,
                         "vy": vy, "motion": motion, "restitution": 1.0}]}


def run(model, placements=128, noises=64, seed=3):
    probe = Probe(model)
    rng = random.Random(seed)
    g = torch.Generator().manual_seed(seed)
    rows = []
    for motion in ("sliding right", "sliding left", "rising", "falling"):
        specs = [scene(rng, motion) for _ in range(placements)]
        caption = world.captions(specs[0])[0]
        z = probe.latents(specs)
        axis, sign = AXIS[motion], SIGN[motion]
        row = {"motion": motion, "caption": caption,
               "truth_px": round(float(probe.travel(z[:16], "black", axis).mean() * sign), 2),
               "ideal_mean_px": round(float(probe.travel(z.mean(0, keepdim=True), "black", axis)[0] * sign), 2)}
        noise = torch.randn((noises,) + z.shape[1:], generator=g)
        pred = probe.clean_estimate(noise, 0.0, caption).mean(0, keepdim=True)
        row["model_mean_px"] = round(float(probe.travel(pred, "black", axis)[0] * sign), 2)
        other = caption.replace(world.MOTION_PHRASE[motion], world.MOTION_PHRASE[OPPOSITE[motion]])
        for t in (0.05, 0.1, 0.2):
            xt = t * z[:16] + (1 - t) * noise[:16]
            asked = probe.travel(probe.clean_estimate(xt, t, caption), "black", axis) * sign
            swapped = probe.travel(probe.clean_estimate(xt, t, other), "black", axis) * sign
            row["t%.2f_px" % t] = [round(float(asked.mean()), 2), round(float(swapped.mean()), 2)]
        rows.append(row)
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", help="an exported checkpoint folder")
    ap.add_argument("--state", help="or a training state (EMA weights) ...")
    ap.add_argument("--vae", default="../ckpt/nano", help="... with its VAE (state or checkpoint folder)")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.model:
        model = checkpoint.load(args.model)
    else:
        from .evaluate import model_from_training
        model = model_from_training(args.state, args.vae)
    print("travel along the named motion, px (t rows: [caption as is, opposite motion named], from the noised truth)")
    for row in run(model):
        print(json.dumps(row))


if __name__ == "__main__":
    main()
