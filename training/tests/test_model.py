import numpy as np
import pytest
import torch

from magi_nano import config, schedule
from magi_nano.dit import VideoDiT
from magi_nano.sampler import NanoModel, Request, chunk_noise, generate
from magi_nano.text import TextEncoder, Vocabulary
from magi_nano.vae import VideoVAE


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    vocab = Vocabulary.from_world()
    mc = config.model_config(smoke=True)
    tc = config.text_config(len(vocab.tokens), smoke=True)
    mc["caption_channels"] = tc["hidden_size"]
    dit = VideoDiT(mc)
    torch.nn.init.normal_(dit.final_linear.linear.weight, std=0.02)  # an untrained but non-trivial model
    return NanoModel(dit, VideoVAE(config.vae_config(smoke=True)), TextEncoder(tc), vocab, mc,
                     config.runtime_config())


def test_time_grid_runs_from_noise_to_clean_and_crowds_the_noisy_end():
    g = schedule.time_grid(8)
    assert float(g[0]) == 0.0 and abs(float(g[-1]) - 1.0) < 1e-6
    assert all(b > a for a, b in zip(g, g[1:]))
    assert float(g[4]) < 0.2


def test_unknown_words_map_to_unk_and_duration_counts_down():
    v = Vocabulary.from_world()
    ids, mask = v.encode("a red zebra", 3, 8)
    assert ids[:5] == [v.hq, v.index["<dur_3>"], v.index["a"], v.index["red"], v.unk]
    assert mask == [1] * 5 + [0] * 3
    assert v.unknown("a red zebra") == ["zebra"]
    assert v.encode("a", 99, 4)[0][1] == v.index["<dur_%d>" % v.max_duration]


def test_cached_keys_values_give_the_same_velocity_as_a_joint_pass(model):
    dit = model.dit
    L, cc = model.model_cfg["caption_max_length"], model.model_cfg["caption_channels"]
    z0, x1 = torch.randn(1, 8, 6, 8, 8), torch.randn(1, 8, 6, 8, 8)
    cap = torch.randn(1, 2, L, cc)
    mask = torch.ones(1, 2, L)
    null = torch.tensor([[True, False]])
    t = torch.tensor([[0.9999, 0.4]])
    steps = torch.tensor([8.0])
    with torch.no_grad():
        joint = dit(torch.cat([z0, x1], 2), t, cap, mask, null, steps, torch.tensor([0, 1]), torch.tensor([1, 5]))
        _, kv = dit(z0, t[:, :1], cap[:, :1], mask[:, :1], null[:, :1], steps, torch.tensor([0]), torch.tensor([1]),
                    return_kv=True)
        cached = dit(x1, t[:, 1:], cap[:, 1:], mask[:, 1:], null[:, 1:], steps, torch.tensor([1]), torch.tensor([5]),
                     past=kv, past_chunks=torch.zeros(kv[0][0].shape[2], dtype=torch.long))
    assert torch.allclose(joint[:, :, 6:], cached, atol=1e-5)


def test_a_chunk_does_not_see_the_future(model):
    dit = model.dit
    L, cc = model.model_cfg["caption_max_length"], model.model_cfg["caption_channels"]
    x = torch.randn(1, 8, 12, 8, 8)
    y = x.clone()
    y[:, :, 6:] = torch.randn(1, 8, 6, 8, 8)
    args = (torch.tensor([[0.5, 0.2]]), torch.randn(1, 2, L, cc), torch.ones(1, 2, L),
            torch.zeros(1, 2, dtype=torch.bool), torch.tensor([8.0]), torch.tensor([0, 1]), torch.tensor([5, 5]))
    with torch.no_grad():
        a, b = dit(x, *args), dit(y, *args)
    assert torch.allclose(a[:, :, :6], b[:, :, :6], atol=1e-6)
    assert not torch.allclose(a[:, :, 6:], b[:, :, 6:], atol=1e-4)


@pytest.mark.parametrize("window,cfg_number", [(1, 1), (2, 3), (4, 2)])
def test_generation_is_deterministic_and_streams_each_chunk(model, window, cfg_number):
    req = Request(["a red circle bouncing on a black background", "the circle turns blue", ""], [1, 2, 3],
                  num_steps=8, window=window, cfg_number=cfg_number)
    seen = []
    a = generate(model, req, on_chunk=lambda i, f: seen.append(i))
    b = generate(model, req)
    assert seen == [0, 1, 2]
    assert all(f.shape == (24, 32, 32, 3) and f.dtype == np.uint8 for f in a)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


def test_i2v_and_v2v_run_and_v2v_returns_only_new_chunks(model):
    img = np.zeros((32, 32, 3), dtype=np.uint8)
    out = generate(model, Request(["a red circle"], [0], num_steps=4, window=1, image=img))
    assert out[0].shape == (24, 32, 32, 3)
    prefix = np.zeros((60, 32, 32, 3), dtype=np.uint8)  # two whole chunks and half a chunk
    out = generate(model, Request(["a red circle", "a red circle"], [0, 1], num_steps=4, window=1,
                                  prefix_video=prefix))
    assert [o.shape[0] for o in out] == [12, 24]


def test_noise_depends_only_on_the_chunk_seed():
    assert torch.equal(chunk_noise(5, (2, 3)), chunk_noise(5, (2, 3)))
    assert not torch.equal(chunk_noise(5, (2, 3)), chunk_noise(6, (2, 3)))
