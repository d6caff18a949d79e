import pytest
import torch
import torch.nn.functional as F

from magi_nano import config as nano_config, regrid
from magi_nano.dit import VideoDiT


def _fine_config(cfg):
    """The model_config at patch 1, its position table's grid with it."""
    f = cfg["patch_size"]
    frames, rows, cols = cfg["abs_pos_embed"]
    return dict(cfg, patch_size=1, abs_pos_embed=[frames, rows * f, cols * f])


def _coarse_model():
    cfg = nano_config.model_config(smoke=True)
    cfg.update(in_channels=4, out_channels=4, caption_channels=16, abs_pos_embed=[6, 4, 4])
    torch.manual_seed(3)
    dit = VideoDiT(cfg).eval()
    torch.nn.init.normal_(dit.final_linear.linear.weight, std=0.05)  # a trained model's output layer is not zero
    return dit, cfg


def _velocity(dit, x):
    torch.manual_seed(5)
    cap = torch.randn(1, 1, dit.cfg["caption_max_length"], dit.cfg["caption_channels"])
    with torch.no_grad():
        return dit(x, torch.tensor([[0.6]]), cap, torch.ones(cap.shape[:3]), torch.zeros(1, 1, dtype=torch.bool),
                   torch.tensor([8.0]), torch.tensor([0]), torch.tensor([1]))


def test_a_model_carried_to_patch_one_draws_nearly_what_the_coarse_one_drew():
    coarse, cfg = _coarse_model()
    fine = VideoDiT(_fine_config(cfg)).eval()
    fine.load_state_dict(regrid.to_patch(coarse.state_dict(), cfg, 1))
    torch.manual_seed(7)
    x = torch.randn(1, 4, 6, 4, 4).repeat_interleave(2, dim=3).repeat_interleave(2, dim=4)  # constant per old patch
    before = F.avg_pool3d(_velocity(coarse, x), (1, 2, 2))
    after = F.avg_pool3d(_velocity(fine, x), (1, 2, 2))
    assert after.shape == before.shape
    # Only the rotary positions move to the finer grid (a carry that averages the embedding taps: 0.67).
    assert (after - before).norm() < 0.2 * before.norm()


def test_the_position_table_and_the_output_layer_keep_their_grid_order():
    coarse, cfg = _coarse_model()
    state = regrid.to_patch(coarse.state_dict(), cfg, 1)
    table = coarse.state_dict()["abs_pos_embed"].reshape(6, 4, 4, -1)
    fine_table = state["abs_pos_embed"].reshape(6, 8, 8, -1)
    assert torch.equal(fine_table[2, 5, 2], table[2, 2, 1])
    w = coarse.state_dict()["final_linear.linear.weight"].reshape(2, 2, 4, -1)
    assert torch.allclose(state["final_linear.linear.weight"], w.mean(dim=(0, 1)))


def test_a_patch_that_does_not_divide_the_checkpoint_s_is_refused():
    coarse, cfg = _coarse_model()
    with pytest.raises(ValueError, match="does not divide"):
        regrid.to_patch(coarse.state_dict(), cfg, 3)
