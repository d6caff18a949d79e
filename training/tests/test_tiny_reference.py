import filecmp
import json
import os

import numpy as np

from magi_nano import fp8, safetensors, tiny_reference

COMMITTED = os.path.join(os.path.dirname(__file__), "..", "..", "ckpt", "tiny-reference")


def _files(root):
    """The files the generator writes (the reference harness's fixtures aside)."""
    out = []
    for d, _, names in os.walk(root):
        out += [os.path.relpath(os.path.join(d, n), root) for n in names]
    return sorted(f for f in out if not f.startswith(os.path.join("fixtures", tiny_reference.REFERENCE_FIXTURES)))


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


def _reference_fixture(name):
    import json as _json
    tensors, meta = safetensors.load(os.path.join(COMMITTED, "fixtures", "reference_%s.safetensors" % name))
    return tensors, _json.loads(meta["about"])


def test_the_reference_fixtures_were_computed_on_the_committed_weights():
    """reference_harness.py (the reference's own code, not runnable here) records a digest of the weights it ran on."""
    for name in ("tiny_distill", "tiny_base"):
        _, about = _reference_fixture(name)
        assert about["weights_sha256"] == tiny_reference.weights_digest(COMMITTED, name), name + ": stale fixture"


def test_the_generator_keeps_the_reference_fixtures(tmp_path, monkeypatch):
    out = tmp_path / "tiny"
    (out / "fixtures").mkdir(parents=True)
    (out / "README.md").write_text(tiny_reference.README)
    (out / "fixtures" / "reference_x.safetensors").write_bytes(b"kept")
    (out / "fixtures" / "stale.safetensors").write_bytes(b"gone")
    monkeypatch.setattr("sys.argv", ["tiny_reference", "--out", str(out)])
    tiny_reference.main()
    assert (out / "fixtures" / "reference_x.safetensors").read_bytes() == b"kept"
    assert not (out / "fixtures" / "stale.safetensors").exists()


def test_dit_py_with_the_reference_switches_computes_what_the_references_own_code_did():
    """The reference's sampler passes (fixtures/reference_*.safetensors) through dit.py under nano_view: the same
    inputs, the adaLN row of each pass's caption_dropout_mask, chunk numbers from its slice_point, kv ranges from its
    token ranges, the step count of its 12-step rule, the cache from dit.py's own clean-chunk keys and values."""
    import torch
    from magi_nano.dit import reference_step_count
    for name in ("tiny_distill", "tiny_base"):
        t, about = _reference_fixture(name)
        dit = _tiny_dit(name)
        layers = len(dit.videodit_blocks.layers)
        null = dit.y_embedder.null_caption_embedding.detach()
        cap, cmask = torch.from_numpy(t["caption"]), torch.from_numpy(t["caption_mask"])
        nmask = torch.zeros_like(cmask)
        nmask[:50] = 1
        tpc = int(t["chunk_tokens"][0])
        cache = {}
        for i in range(int(t["forwards"][0])):
            p = "f%d." % i
            slice_point, _, extra, update, cached, steps, interval, _ = (int(v) for v in t[p + "info"])
            x, tt = torch.from_numpy(t[p + "x"]), torch.from_numpy(t[p + "t"])
            n, k = tt.shape
            yn, mn, drop = t[p + "y_null"].reshape(n, k), t[p + "mask_null"].reshape(n, k), t[p + "caption_dropout"]
            caption = torch.stack([torch.stack([null if yn[b, j] else cap for j in range(k)]) for b in range(n)])
            mask = torch.stack([torch.stack([nmask if mn[b, j] else cmask for j in range(k)]) for b in range(n)])
            # dit.py's null flag picks the adaLN row (and the null caption, which these rows already are)
            flag = torch.tensor([[bool(drop[b if len(drop) == n else 0])] * k for b in range(n)])
            kv = t[p + "kv_range"].reshape(n, k, 2)[0] // tpc
            numbers = torch.arange(k) + slice_point if n == 1 else torch.zeros(1, dtype=torch.long)
            ranges = numbers + 1 - torch.from_numpy(kv[:, 0]) if n == 1 else torch.ones(1, dtype=torch.long)
            past = past_chunks = None
            if cached and slice_point > 0:
                past = [(torch.cat([cache[c][l][0] for c in range(slice_point)], 2),
                         torch.cat([cache[c][l][1] for c in range(slice_point)], 2)) for l in range(layers)]
                past_chunks = torch.arange(slice_point).repeat_interleave(tpc)
            with torch.no_grad():
                out, kvs = dit(x, tt, caption, mask, flag, torch.full((n,), float(reference_step_count(steps, interval))),
                               numbers, ranges, past=past, past_chunks=past_chunks, return_kv=True)
            diff = (out - torch.from_numpy(t[p + "velocity"])).abs().max().item()
            assert diff <= 1e-4, "%s forward %d: %g" % (name, i, diff)
            if extra and update:
                cache[slice_point] = [(a[:, :, :tpc], b[:, :, :tpc]) for a, b in kvs]
            if i == 0 and "steps12.velocity" in t:  # the 12-step rule, interval 2: pass A's first forward alone
                with torch.no_grad():
                    out = dit(x, tt, caption, mask, flag, torch.full((n,), float(reference_step_count(12, 2))),
                              numbers, ranges)
                assert (out - torch.from_numpy(t["steps12.velocity"])).abs().max().item() <= 1e-4, name + " 12 steps"
        for key in (k for k in t if k.startswith("cache.")):
            _, kind, chunk, layer = key.split(".")
            mine = cache[int(chunk)][int(layer)][0 if kind == "k" else 1]
            assert (mine - torch.from_numpy(t[key])).abs().max().item() <= 1e-4, name + " " + key
