"""The Python world draws what the Java world drew: the shared fixture in fixtures/world/.

Each scene there is a spec (NAME.json, with the captions Java wrote) and NAME.npz with the frames Java rendered
(uint8 [N, H, W, 3]) and the object centres it simulated (float64 [N, objects, 2]). Frames may differ by at most
1 level per channel on at most 0.5 % of the pixels; centres and captions must be identical. Java checks the same
files (WorldFixtureTest), which also regenerates them.
"""
import json
import os

import numpy as np
import pytest

from magi_nano import world

FOLDER = os.path.join(os.path.dirname(__file__), "fixtures", "world")
with open(os.path.join(FOLDER, "fixture.json"), encoding="utf-8") as f:
    SCENES = json.load(f)["scenes"]


def _load(entry):
    with open(os.path.join(FOLDER, entry["name"] + ".json"), encoding="utf-8") as f:
        spec = json.load(f)
    with np.load(os.path.join(FOLDER, entry["name"] + ".npz")) as data:
        return spec, data["frames"], data["centres"]


@pytest.mark.parametrize("entry", SCENES, ids=[e["name"] for e in SCENES])
def test_frames_match_the_java_renderer(entry):
    spec, frames, _ = _load(entry)
    ours = world.render(spec, entry["width"], entry["height"])
    assert ours.shape == frames.shape
    diff = np.abs(ours.astype(np.int16) - frames.astype(np.int16))
    assert diff.max() <= 1, "a channel differs by more than one level"
    assert (diff.max(axis=-1) > 0).mean() <= 0.005, "more than 0.5 % of the pixels differ"


@pytest.mark.parametrize("entry", SCENES, ids=[e["name"] for e in SCENES])
def test_simulation_is_bit_identical(entry):
    spec, _, centres = _load(entry)
    frames, _ = world.simulate(spec)
    ours = np.array([[(o[3], o[4]) for o in objs] for _, objs in frames], dtype=np.float64)
    assert ours.shape == centres.shape
    assert np.array_equal(ours, centres)


@pytest.mark.parametrize("entry", SCENES, ids=[e["name"] for e in SCENES])
def test_captions_match(entry):
    spec, _, _ = _load(entry)
    assert world.captions(spec) == spec["captions"]


def test_fixture_covers_both_sizes_and_every_event_type():
    assert {(e["width"], e["height"]) for e in SCENES} == {(32, 32), (64, 64)}
    kinds = set()
    for e in SCENES:
        kinds.update(ev["type"] for ev in _load(e)[0]["events"])
    assert kinds == {"color", "background", "motion"}
