import random

import numpy as np

from magi_nano import data, world


def _free_scenes(n, seed=3):
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        spec = world.sample_spec(rng, 4)
        free = data.free_colours(rng, spec)
        if free:
            out.append((spec, *free))
    return out


def test_a_free_colour_is_drawn_but_never_named():
    for spec, palette, unnamed in _free_scenes(40):
        frames, info = world.simulate(spec)
        video = world.render_frames(frames, 32, 32, palette)
        named = {o["color"]: o for o in spec["objects"]}
        for caption in world.captions(spec, unnamed=unnamed):
            assert not any(c in caption.split() for c in unnamed), caption
        mask = world.object_masks(frames[:1], 32, 32)[0]
        if len(named) == 1 and mask.any():
            drawn = video[0][mask]
            assert (drawn == np.array(palette[spec["objects"][0]["color"]], dtype=np.uint8)).all()


def test_no_free_colour_makes_a_held_out_combination_as_an_evaluator_would_name_it():
    for spec, palette, _ in _free_scenes(200):
        _, info = world.simulate(spec)
        for chunk in info:
            for shape, colour, motion in chunk["objects"]:
                name = data.nearest_colour(palette[colour])
                assert (chunk["background"], name) not in world.HELD_PAIRS
                assert (name, shape, motion) not in world.HELD_TRIPLES


def test_scenes_with_a_colour_event_keep_their_palette():
    rng = random.Random(9)
    for _ in range(300):
        spec = world.sample_spec(rng, 4)
        if any(ev["type"] == "color" for ev in spec["events"]):
            assert data.free_colours(rng, spec) is None


def test_the_share_of_two_object_clips_follows_the_setting():
    import torch
    from magi_nano import config as nano_config
    from magi_nano.text import Vocabulary
    from magi_nano.train_dit import Pool
    from magi_nano.vae import VideoVAE

    torch.manual_seed(0)
    vae = VideoVAE(nano_config.vae_config(smoke=True)).eval()
    shares = []
    for p in (None, 0.5):
        pool = Pool(vae, Vocabulary.from_world(), 1.0, 32, 24, random.Random(5), 160, two_objects=p)
        shares.append(sum(len(it["spec"]["objects"]) == 2 for it in pool.items) / len(pool.items))
    assert shares[0] < 0.1 and 0.4 < shares[1] < 0.6, shares
