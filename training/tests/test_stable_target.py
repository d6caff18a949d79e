import random

import torch

from magi_nano import stf, world


def test_near_noise_the_target_is_the_mean_of_the_reference_set_and_near_clean_the_clip_itself():
    torch.manual_seed(0)
    x1 = torch.randn(8, 6, 8, 8)
    refs = [torch.randn(8, 6, 8, 8) for _ in range(7)]
    x0 = torch.randn(8, 6, 8, 8)
    xt = 0.0 * x1 + x0
    mean = torch.stack([x1] + refs).mean(0)
    assert torch.allclose(stf.target(x1, xt, 0.0, refs), mean - xt, atol=1e-5)
    t = 0.9
    xt = t * x1 + (1 - t) * x0
    assert torch.allclose(stf.target(x1, xt, t, refs), x1 - x0, atol=1e-4)


def test_a_reference_scene_has_the_kind_asked_and_stays_clean_for_its_chunk():
    rng = random.Random(3)
    for motion in world.WORLD["motions"]:
        kind = ("gray", "cyan", "triangle", "large", motion)
        spec = stf.first_chunk_scene(rng, kind)
        assert stf.scene_kind(spec) == kind
        _, info = world.simulate(spec)
        assert world._clean_chunk(info[0])
        assert info[0]["objects"][0][2] == motion
