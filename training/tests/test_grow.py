import pytest
import torch

from magi_nano import config as nano_config, grow
from magi_nano.dit import VideoDiT


def _model(layers, seed):
    cfg = nano_config.model_config(smoke=True)
    cfg.update(in_channels=4, out_channels=4, caption_channels=16, num_layers=layers)
    torch.manual_seed(seed)
    dit = VideoDiT(cfg)
    torch.nn.init.normal_(dit.final_linear.linear.weight, std=0.05)  # a trained model's output layer is not zero
    for name, p in dit.named_parameters():
        if "post_norm" in name:
            torch.nn.init.normal_(p, std=0.1)  # and its post-norms are not at their start
    return dit


def _velocity(dit):
    torch.manual_seed(5)
    x = torch.randn(1, 4, 6, 4, 4)
    cap = torch.randn(1, 1, dit.cfg["caption_max_length"], dit.cfg["caption_channels"])
    return dit(x, torch.tensor([[0.4]]), cap, torch.ones(cap.shape[:3]), torch.zeros(1, 1, dtype=torch.bool),
               torch.tensor([8.0]), torch.tensor([0]), torch.tensor([1]))


def _grown(small):
    big = _model(4, seed=9)
    big.load_state_dict(grow.deeper(small.state_dict(), big.state_dict(), 1))
    return big


def test_a_grown_model_draws_what_the_checkpoint_drew():
    small = _model(2, seed=3)
    with torch.no_grad():
        assert torch.allclose(_velocity(_grown(small)), _velocity(small), atol=1e-6)


def test_the_checkpoint_s_layers_keep_their_order_around_the_new_ones():
    small = _model(2, seed=3)
    big = _grown(small).state_dict()
    one = "self_attention.linear_proj.weight"
    assert torch.equal(big["videodit_blocks.layers.0." + one], small.state_dict()["videodit_blocks.layers.0." + one])
    assert torch.equal(big["videodit_blocks.layers.3." + one], small.state_dict()["videodit_blocks.layers.1." + one])


def test_the_new_layers_learn_from_the_first_step():
    big = _grown(_model(2, seed=3))
    _velocity(big).pow(2).mean().backward()
    for i in (1, 2):
        for norm in ("self_attn_post_norm", "mlp_post_norm"):
            assert getattr(big.videodit_blocks.layers[i], norm).weight.grad.abs().sum() > 0


def test_a_model_no_deeper_than_the_checkpoint_is_refused():
    small = _model(2, seed=3)
    with pytest.raises(ValueError, match="not more than"):
        grow.deeper(small.state_dict(), _model(2, seed=4).state_dict(), 1)
