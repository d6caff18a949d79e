import json
import os

from magi_nano import checkpoint, export, motion_gate, train_dit, train_vae, world
from magi_nano.sampler import Request, generate


def test_smoke_training_exports_a_checkpoint_that_loads_and_generates(tmp_path):
    vae_dir, dit_dir, ckpt = str(tmp_path / "vae"), str(tmp_path / "dit"), str(tmp_path / "ckpt")
    train_vae.main(["--smoke", "--out", vae_dir])
    train_dit.main(["--smoke", "--vae", os.path.join(vae_dir, "state.pt"), "--out", dit_dir, "--eval-clips", "1",
                    "--pretrain-frac", "0.5", "--device", "cpu"])
    train_dit.main(["--smoke", "--resume", "--vae", os.path.join(vae_dir, "state.pt"), "--out", dit_dir,
                    "--eval-clips", "1"])
    export.main(["--dit", os.path.join(dit_dir, "state.pt"), "--vae", os.path.join(vae_dir, "state.pt"),
                 "--out", ckpt])
    for name in ("config.json", "model.safetensors", "model-fp8.safetensors", "vae.safetensors",
                 "text_encoder.safetensors", "vocab.json", "fixtures/index.json", "fixtures/sample_window.safetensors"):
        assert os.path.exists(os.path.join(ckpt, name)), name
    for fp8 in (False, True):
        m = checkpoint.load(ckpt, use_fp8=fp8)
        out = generate(m, Request(["a red circle bouncing on a black background"], [0], num_steps=4, window=1))
        assert out[0].shape == (24, 32, 32, 3)
    again = str(tmp_path / "again")
    export.main(["--dit", os.path.join(dit_dir, "state.pt"), "--vae", ckpt, "--out", again])
    with open(os.path.join(ckpt, "vae.safetensors"), "rb") as a, open(os.path.join(again, "vae.safetensors"), "rb") as b:
        assert a.read() == b.read(), "a checkpoint folder's VAE exports unchanged"
    trained = [json.load(open(os.path.join(d, "config.json")))["training"] for d in (ckpt, again)]
    assert trained[0] == trained[1]
    gate = tmp_path / "gate"
    motion_gate.main(["--model", ckpt, "--out", str(gate), "--steps", "2", "--seeds", "1", "--num-steps", "4"])
    names = sorted(p.name for p in (gate / "truth").iterdir())
    assert names == ["scene-%04d.json" % i for i in range(5)]
    assert all(len(list((gate / "generated" / n[:-5]).iterdir())) == 24 for n in names)


def test_the_motion_gate_clips_keep_their_motion_for_the_whole_chunk():
    specs = motion_gate.gate_specs()
    assert [s["objects"][0]["motion"] for s in specs] == ["sliding left", "sliding right", "rising", "falling", "still"]
    for spec in specs:
        _, info = world.simulate(spec)
        assert world._clean_chunk(info[0]) and info[0]["objects"][0][2] == spec["objects"][0]["motion"], spec["captions"]
        assert spec["objects"][0]["motion"].replace("still", "standing still") in spec["captions"][0]


def test_a_bad_config_names_the_file_and_the_field(tmp_path):
    import pytest
    (tmp_path / "config.json").write_text('{"model_config": {}}')
    with pytest.raises(checkpoint.CheckpointError, match=r"config.json lacks the field 'runtime_config'"):
        checkpoint.load(str(tmp_path))
    (tmp_path / "config.json").write_text('{"model_config": ')
    with pytest.raises(checkpoint.CheckpointError, match="not valid JSON"):
        checkpoint.load(str(tmp_path))


def test_a_device_this_machine_lacks_is_refused_with_a_reason():
    import pytest
    import torch
    assert train_dit.training_device("cpu").type == "cpu"
    with pytest.raises(SystemExit, match=r"--device gpu0: .*"):
        train_dit.training_device("gpu0")
    if not torch.cuda.is_available():
        with pytest.raises(SystemExit, match=r"--device cuda: this PyTorch \(.*\) finds no such device"):
            train_dit.training_device("cuda")

