import os

from magi_nano import checkpoint, export, train_dit, train_vae
from magi_nano.sampler import Request, generate


def test_smoke_training_exports_a_checkpoint_that_loads_and_generates(tmp_path):
    vae_dir, dit_dir, ckpt = str(tmp_path / "vae"), str(tmp_path / "dit"), str(tmp_path / "ckpt")
    train_vae.main(["--smoke", "--out", vae_dir])
    train_dit.main(["--smoke", "--vae", os.path.join(vae_dir, "state.pt"), "--out", dit_dir, "--eval-clips", "1",
                    "--pretrain-frac", "0.5"])
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


def test_a_bad_config_names_the_file_and_the_field(tmp_path):
    import pytest
    (tmp_path / "config.json").write_text('{"model_config": {}}')
    with pytest.raises(checkpoint.CheckpointError, match=r"config.json lacks the field 'runtime_config'"):
        checkpoint.load(str(tmp_path))
    (tmp_path / "config.json").write_text('{"model_config": ')
    with pytest.raises(checkpoint.CheckpointError, match="not valid JSON"):
        checkpoint.load(str(tmp_path))
