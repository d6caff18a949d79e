import filecmp
import json
import os

import numpy as np

from magi_nano import fp8, safetensors, tiny_reference

COMMITTED = os.path.join(os.path.dirname(__file__), "..", "..", "ckpt", "tiny-reference")


def _files(root):
    out = []
    for d, _, names in os.walk(root):
        out += [os.path.relpath(os.path.join(d, n), root) for n in names]
    return sorted(out)


def test_the_committed_tiny_reference_checkpoints_are_what_the_generator_writes(tmp_path, monkeypatch):
    out = str(tmp_path / "tiny")
    monkeypatch.setattr("sys.argv", ["tiny_reference", "--out", out])
    tiny_reference.main()
    assert _files(out) == _files(COMMITTED)
    for f in _files(out):
        assert filecmp.cmp(os.path.join(out, f), os.path.join(COMMITTED, f), shallow=False), f


def test_fp8_layers_follow_the_reference_rule_and_scales_reproduce_the_weights():
    cfg = json.load(open(os.path.join(COMMITTED, "tiny_distill_quant_config.json")))
    layers = cfg["model_config"]["num_layers"]
    folder = os.path.join(COMMITTED, "magi", "tiny_distill_quant", "inference_weight.fp8.distill")
    index = json.load(open(os.path.join(folder, "model.safetensors.index.json")))["weight_map"]
    tensors = {}
    for shard in sorted(set(index.values())):
        tensors.update(safetensors.load(os.path.join(folder, shard))[0])
    assert set(tensors) == set(index)
    exact = tiny_reference.dit_tensors(tiny_reference.MODEL_45B, 24)
    table = fp8.decode_table()
    for name, w in exact.items():
        kind = tiny_reference.quantized(name, layers)
        if kind is None:
            assert name in tensors and tensors[name].dtype == np.uint16  # bf16 bits
            continue
        base = name[:-len(".weight")]
        assert tensors[name].shape == (1,) + w.shape
        value = table[tensors[name][0]] * tensors[base + ".weight_scale"][0]
        if kind == "channel":
            value = value * tensors[base + ".input_scale"][0] / tensors[base + ".smooth_scale"]
        assert np.all(np.abs(value - w) <= np.abs(w) * 0.07 + 1e-3), name
    assert tiny_reference.quantized("videodit_blocks.layers.0.mlp.linear_fc1.weight", layers) is None
    assert tiny_reference.quantized("videodit_blocks.layers.%d.mlp.linear_fc1.weight" % (layers - 1), layers) is None
