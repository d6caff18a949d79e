"""Stable target field: a lower-variance flow-matching target for first chunks drawn from text alone.

The plain target x1 - x0 has the whole spread of clips a caption allows in it; near pure noise the best prediction
is their mean (for "sliding right": a band moving right), a small part of that spread, so its gradient is mostly
noise and seven runs never learnt it (docs/MODEL.md). Here the target is the posterior mean of x1 over a reference
set of clips with the same caption (this clip and M others), each weighted by how likely it makes x_t:

    x1_hat = sum_i softmax_i(-|x_t - t x1_i|^2 / (2 (1 - t)^2)) x1_i,    v = (x1_hat - x_t) / (1 - t)

Near noise the weights are even and the target is the set's mean (M + 1 times less variance); near clean they fall
on the clip itself and the target is the plain one. The reference sets are kept per scene kind (background, colour,
shape, size and motion of one object) and refreshed with every clip that uses them.
"""
import random

import numpy as np
import torch

from . import data, world


def scene_kind(spec):
    """The kind of a one-object scene's first chunk, or None when the clip has another shape of scene."""
    if len(spec["objects"]) != 1:
        return None
    o = spec["objects"][0]
    return spec["background"], o["color"], o["shape"], o["size"], o["motion"]


def first_chunk_scene(rng, kind):
    """A one-chunk scene of that kind, placed by the world's own rules."""
    bg, color, shape, size, motion = kind
    r = world.WORLD["sizes"][size]
    phys = world.WORLD["physics"]
    for _ in range(100):
        x, y, vx, vy = world._place(rng, motion, r, phys)
        spec = {"version": 1, "chunks": 1, "background": bg, "collision_restitution": 1.0, "events": [],
                "objects": [{"shape": shape, "color": color, "size": size, "radius": r, "x": x, "y": y, "vx": vx,
                             "vy": vy, "motion": motion, "restitution": rng.uniform(*phys["restitution"])}]}
        _, info = world.simulate(spec)
        if world._clean_chunk(info[0]):
            return spec
    raise RuntimeError("no clean first chunk of kind %s" % (kind,))


class ReferenceSets:
    """Per scene kind, M encoded first chunks (scaled latents [C, 6, h, w]); made on first use."""

    def __init__(self, encode, size, m, seed):
        self.encode, self.size, self.m = encode, size, m
        self.rng = random.Random(seed)
        self.sets = {}

    def get(self, kind):
        refs = self.sets.get(kind)
        if refs is None:
            specs = [first_chunk_scene(self.rng, kind) for _ in range(self.m)]
            vids = torch.from_numpy(np.stack([data.render_clip(s, self.size)[0] for s in specs]))
            refs = [z for z in self.encode(vids)]
            self.sets[kind] = refs
        return refs

    def refresh(self, kind, z):
        """The clip just used replaces one member: the sets follow the data instead of their first draw."""
        self.sets[kind][self.rng.randrange(self.m)] = z


def target(x1, xt, t, refs):
    """Velocity target for one chunk: x1, xt [C, F, h, w], t a float in [0, 1), refs a list of [C, F, h, w]."""
    cands = torch.stack([x1] + list(refs))
    d2 = ((xt[None] - t * cands) ** 2).flatten(1).sum(1)
    w = torch.softmax(-d2 / (2.0 * (1.0 - t) ** 2), dim=0)
    x1_hat = (w[:, None, None, None, None] * cands).sum(0)
    return (x1_hat - xt) / (1.0 - t)
