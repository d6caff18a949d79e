"""Training data, generated on the fly from the playground world (train split only)."""
import random

import numpy as np
import torch

from . import world


def render_clip(spec, size):
    frames, info = world.simulate(spec)
    video = world.render_frames(frames, size, size)
    mask = world.object_masks(frames, size, size)
    return video, mask, info


def clip_batch(rng, batch, chunks, size, split="train", **sample_kw):
    """Random clips: frames uint8 [B, 24*chunks, S, S, 3], object masks bool [B, T, S, S], and the specs."""
    vids, masks, specs = [], [], []
    for _ in range(batch):
        spec = world.sample_spec(rng, chunks, split=split, **sample_kw)
        v, m, _ = render_clip(spec, size)
        vids.append(v)
        masks.append(m)
        specs.append(spec)
    return torch.from_numpy(np.stack(vids)), torch.from_numpy(np.stack(masks)), specs


def fixed_clips(seed, n, chunks, size, split):
    """A reproducible evaluation set."""
    return clip_batch(random.Random(seed), n, chunks, size, split=split)
