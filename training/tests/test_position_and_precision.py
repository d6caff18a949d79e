import torch
import torch.nn.functional as F

from magi_nano import config, precision
from magi_nano.dit import VideoDiT, sincos_positions


def _dit(abs_pos):
    cfg = config.model_config(smoke=True)
    cfg["caption_channels"], cfg["in_channels"], cfg["out_channels"] = 32, 8, 8
    if abs_pos:
        cfg["abs_pos_embed"] = [6, 4, 4]
    torch.manual_seed(0)
    dit = VideoDiT(cfg)
    torch.nn.init.normal_(dit.final_linear.linear.weight, std=0.1)
    return dit


def _tokens(out):
    """[B, C, T, H, W] -> [B, C, T, h, w, 2x2 patch]: one row per token."""
    b, c, t, hh, ww = out.shape
    return out.reshape(b, c, t, hh // 2, 2, ww // 2, 2).permute(0, 1, 2, 3, 5, 4, 6).reshape(b, c, t, hh // 2, ww // 2, 4)


def _predict(dit, x):
    b = x.shape[0]
    return dit(x, torch.zeros(b, 1), torch.zeros(b, 1, 24, 32), torch.ones(b, 1, 24), torch.ones(b, 1, dtype=torch.bool),
               torch.full((b,), 8.0), torch.tensor([0]), torch.tensor([1]))


def test_without_positions_a_uniform_input_gives_the_same_prediction_at_every_place_and_frame():
    """Why nano has abs_pos_embed: rotary positions alone cannot tell places apart in an input that has no
    features, so the mean prediction from pure noise cannot draw where a named motion takes the object."""
    x = torch.ones(1, 8, 6, 8, 8)
    plain = _tokens(_predict(_dit(False), x))
    assert (plain - plain[:, :, :1, :1, :1]).abs().max() < 1e-4
    placed = _dit(True)
    out = _tokens(_predict(placed, x))
    assert (out[:, :, 0] - out[:, :, 5]).abs().max() > 1e-2


def test_a_new_position_table_tells_every_token_of_a_chunk_apart_and_has_the_asked_size():
    table = sincos_positions([6, 4, 4], 256)
    assert table.shape == (96, 256)
    assert abs(float(table.pow(2).mean().sqrt()) - 0.2) < 1e-4
    assert float(table.mean(0).abs().max()) < 1e-5
    gaps = torch.cdist(table, table) + torch.eye(96) * 1e3
    assert float(gaps.min()) > 0.5


def test_bf16_is_chosen_by_the_cpu_flags_and_only_on_the_cpu():
    assert precision.choose("auto", flags={"avx2", "amx_bf16"})[0]
    assert precision.choose("auto", flags={"avx512f", "avx512_bf16"})[0]
    use, why = precision.choose("auto", flags={"avx2", "avx512f"})
    assert not use and "neither" in why
    assert not precision.choose("on", device_type="cuda")[0]
    assert not precision.choose("off", flags={"amx_bf16"})[0]


def test_bf16_linears_stay_close_to_fp32_and_put_the_fp32_linear_back():
    lin = torch.nn.Linear(64, 32)
    x = torch.randn(8, 64)
    want = lin(x)
    with precision.linears(True):
        got = lin(x)
        assert got.dtype == torch.float32
    assert (got - want).norm() / want.norm() < 2e-2
    assert F.linear is precision._fp32_linear
