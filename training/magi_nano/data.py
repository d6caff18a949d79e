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


def nearest_colour(rgb):
    """The palette colour name an evaluator reading pixels would give `rgb`."""
    return min(world.WORLD["colors"], key=lambda c: sum((a - b) ** 2 for a, b in zip(world.WORLD["colors"][c], rgb)))


def free_colours(rng, spec, tries=20, min_contrast=120):
    """Objects drawn in random colours that the caption does not name: (palette, unnamed names), or None.

    Teaches the DiT to draw any colour on every background, so that a colour word need not be learnt together with
    each background. A random colour whose nearest palette colour would make a held-out combination with a chunk's
    background, shape or motion is drawn again: training still never shows a held-out combination. Clips with
    colour events are left alone (their captions name the new colour)."""
    if any(ev["type"] == "color" for ev in spec["events"]):
        return None
    _, info = world.simulate(spec)
    backgrounds = {c["background"] for c in info}
    names = {o["color"] for o in spec["objects"]}
    palette = {}
    for name in names:
        for _ in range(tries):
            rgb = [rng.randrange(256) for _ in range(3)]
            near = nearest_colour(rgb)
            far_from_bg = all(sum((a - b) ** 2 for a, b in zip(world.WORLD["backgrounds"][bg], rgb)) >= min_contrast ** 2
                              for bg in backgrounds)
            held = any((c["background"], near) in world.HELD_PAIRS or (near, shape, label) in world.HELD_TRIPLES
                       for c in info for shape, col, label in c["objects"] if col == name)
            if far_from_bg and not held:
                palette[name] = rgb
                break
        else:
            return None
    return palette, frozenset(names)
