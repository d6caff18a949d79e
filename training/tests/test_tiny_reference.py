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
        if f.startswith("fixtures"):  # outputs of a forward pass: the same to rounding on another CPU
            a, _ = safetensors.load(os.path.join(out, f))
            b, _ = safetensors.load(os.path.join(COMMITTED, f))
            assert a.keys() == b.keys() and all(np.allclose(a[k], b[k], rtol=0, atol=1e-5) for k in a), f
        else:
            assert filecmp.cmp(os.path.join(out, f), os.path.join(COMMITTED, f), shallow=False), f


def _tiny_dit(name, **changes):
    import torch
    from magi_nano.dit import VideoDiT
    cfg = json.load(open(os.path.join(COMMITTED, name + "_config.json")))
    view = tiny_reference.nano_view(cfg["model_config"], cfg["engine_config"])
    view.update(changes)
    dit = VideoDiT(view)
    folder = os.path.join(COMMITTED, "magi", name, tiny_reference.weight_dir(False, cfg["engine_config"]["distill"]))
    dit.load_state_dict({k: torch.from_numpy(v) for k, v in tiny_reference.read_weights(folder).items()})
    return dit.eval()


def _forward(dit, steps=8.0, null=(False, True)):
    import torch
    g = np.random.RandomState(3)
    x = torch.from_numpy(g.standard_normal((1, 4, 12, 8, 8)).astype(np.float32))
    cap = torch.from_numpy(g.standard_normal((1, 2, 64, 32)).astype(np.float32))
    mask = torch.zeros(1, 2, 64)
    mask[0, 0, :20] = 1
    with torch.no_grad():
        return dit(x, torch.tensor([[0.7, 0.2]]), cap, mask, torch.tensor([null]), torch.tensor([steps]),
                   torch.tensor([3, 4]), torch.tensor([1, 5]))


def test_the_reference_switches_of_dit_py_do_what_the_reference_does():
    import torch
    ref = _tiny_dit("tiny_distill")
    # reordering linear_proj's input "(n hn hd) -> (hn n hd)" is moving the weight's columns (what the Java engine does)
    plain = _tiny_dit("tiny_distill", linear_proj_interleave=1)
    for layer in plain.videodit_blocks.layers:
        w = layer.self_attention.linear_proj.weight.data
        rows, cols = w.shape
        s = cols // 2 // 8
        moved = w.reshape(rows, 8, 2, s).transpose(1, 2).reshape(rows, cols).clone()
        layer.self_attention.linear_proj.weight.data = moved
    assert torch.allclose(_forward(ref), _forward(plain), atol=1e-5)
    # the step-size embedding joins the condition only when distilled
    assert not torch.allclose(_forward(ref, steps=8.0), _forward(ref, steps=16.0))
    base = _tiny_dit("tiny_base")
    assert torch.equal(_forward(base, steps=8.0), _forward(base, steps=16.0))
    # the null caption: only its first 50 positions are attended to
    all_valid = _tiny_dit("tiny_distill", null_caption_valid_tokens=0)
    assert not torch.allclose(_forward(ref), _forward(all_valid))
    assert torch.equal(_forward(ref, null=(False, False)), _forward(all_valid, null=(False, False)))


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
