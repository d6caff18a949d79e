import json
import os
import random

import numpy as np
import torch

from magi_nano import oracle_probe, pngio, world
from magi_nano.train_dit import sample_t

CKPT = os.path.join(os.path.dirname(__file__), "..", "..", "ckpt", "nano")


def _truth(folder, n):
    rng = random.Random(5)
    for i in range(n):
        spec = world.sample_spec(rng, 1)
        video = world.render(spec, 32, 32)
        os.makedirs(os.path.join(folder, "scene-%04d" % i))
        for j, frame in enumerate(video[:24]):
            pngio.write(os.path.join(folder, "scene-%04d" % i, "frame-%04d.png" % j), frame)
        with open(os.path.join(folder, "scene-%04d.json" % i), "w") as f:
            json.dump(spec, f)


def _frames(folder):
    return np.stack([pngio.read(os.path.join(folder, f)) for f in sorted(os.listdir(folder))]).astype(int)


def test_started_at_clean_the_probe_gives_the_vae_round_trip_and_from_noise_its_own_sample(tmp_path):
    torch.manual_seed(0)
    truth = tmp_path / "truth"
    _truth(str(truth), 2)
    oracle_probe.main(["--model", CKPT, "--truth", str(truth), "--out", str(tmp_path / "p"), "--start", "0", "8"])
    oracle_probe.main(["--model", CKPT, "--truth", str(truth), "--out", str(tmp_path / "v"), "--vae-only"])
    for scene in ("scene-0000", "scene-0001"):
        round_trip = _frames(str(tmp_path / "v" / "vae" / scene))
        assert np.array_equal(_frames(str(tmp_path / "p" / "start-8" / scene)), round_trip)
        assert np.abs(round_trip - _frames(str(truth / scene))).mean() < 8
        assert not np.array_equal(_frames(str(tmp_path / "p" / "start-0" / scene)), round_trip)


def test_a_negative_logit_mean_draws_more_training_times_near_noise():
    def share(mean):
        ts = sample_t(random.Random(1), 20000, mean)
        return sum(0.1 < t < 0.3 for t in ts) / len(ts)
    assert share(-1.0) > share(0.0) + 0.08
