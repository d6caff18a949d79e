"""Training data, generated on the fly from the playground world (train split only)."""
import random

import numpy as np
import torch

from . import world


def random_palette(rng):
    """Every colour and background name mapped to a random RGB colour."""
    names = list(world.WORLD["colors"]) + list(world.WORLD["backgrounds"])
    return {n: [rng.randrange(256) for _ in range(3)] for n in names}


def render_clip(spec, size, palette=None):
    frames, info = world.simulate(spec)
    video = world.render_frames(frames, size, size, palette)
    mask = world.object_masks(frames, size, size)
    return video, mask, info


def clip_batch(rng, batch, chunks, size, split="train", random_colors=0.0, **sample_kw):
    """Random clips: frames uint8 [B, 24*chunks, S, S, 3], object masks bool [B, T, S, S], and the specs. With
    probability `random_colors` a clip is drawn in random colours instead of the palette's."""
    vids, masks, specs = [], [], []
    for _ in range(batch):
        spec = world.sample_spec(rng, chunks, split=split, **sample_kw)
        palette = random_palette(rng) if rng.random() < random_colors else None
        v, m, _ = render_clip(spec, size, palette)
        vids.append(v)
        masks.append(m)
        specs.append(spec)
    return torch.from_numpy(np.stack(vids)), torch.from_numpy(np.stack(masks)), specs


def fixed_clips(seed, n, chunks, size, split):
    """A reproducible evaluation set."""
    return clip_batch(random.Random(seed), n, chunks, size, split=split)
