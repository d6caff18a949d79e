import random

import numpy as np

from magi_nano import world


def test_same_spec_same_frames():
    spec = world.sample_spec(random.Random(3), 3)
    assert np.array_equal(world.render(spec, 32, 32), world.render(spec, 32, 32))


def test_every_sampled_chunk_keeps_its_caption_for_all_frames():
    rng = random.Random(11)
    for _ in range(40):
        _, info = world.simulate(world.sample_spec(rng, 4))
        assert all(world._clean_chunk(c) for c in info)


def test_training_scenes_never_show_a_heldout_combination_and_eval_scenes_start_with_one():
    rng = random.Random(5)
    for _ in range(60):
        _, info = world.simulate(world.sample_spec(rng, 4, split="train"))
        assert world.heldout_hits(info)[0] == 0
        _, info = world.simulate(world.sample_spec(rng, 2, split="heldout"))
        assert world.heldout_hits(info)[1]


def test_a_bouncing_object_falls_and_comes_back_up():
    spec = {"chunks": 3, "background": "black", "objects": [
        {"shape": "circle", "color": "red", "size": "small", "radius": 0.1, "x": 0.5, "y": 0.2, "vx": 0.2,
         "vy": 0.0, "motion": "bouncing", "restitution": 1.0}]}
    frames, _ = world.simulate(spec)
    ys = [objs[0][4] for _, objs in frames]
    bottom = int(np.argmax(ys))
    assert 0 < bottom < len(ys) - 1 and ys[bottom] <= 0.9 + 1e-9 and ys[-1] < ys[bottom]


def test_event_chunk_gets_the_event_phrase_and_the_next_chunk_the_new_state():
    spec = {"chunks": 3, "background": "black", "events": [{"chunk": 1, "type": "color", "object": 0, "color": "blue"}],
            "objects": [{"shape": "circle", "color": "red", "size": "small", "radius": 0.1, "x": 0.5, "y": 0.5,
                         "vx": 0.0, "vy": 0.0, "motion": "still"}]}
    assert world.captions(spec) == ["a small red circle standing still on a black background",
                                    "the circle turns blue",
                                    "a small blue circle standing still on a black background"]
    frames = world.render(spec, 32, 32)
    assert tuple(frames[23, 16, 16]) == tuple(world.WORLD["colors"]["red"])
    assert tuple(frames[24, 16, 16]) == tuple(world.WORLD["colors"]["blue"])
