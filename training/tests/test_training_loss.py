import torch

from magi_nano.train_dit import motion_loss


def _moving_object(frames=12, shift=1):
    """One latent channel, an object one latent pixel wide that moves `shift` pixels a frame."""
    x = torch.zeros(1, 1, frames, 1, 8)
    for f in range(frames):
        x[0, 0, f, 0, (f * shift) % 8] = 1.0
    return x


def test_a_still_prediction_of_a_moving_object_costs_motion_loss_and_a_steady_offset_does_not():
    truth = _moving_object()
    t = torch.zeros(1, 12)
    w = torch.ones(1, 1, 12, 1, 8)
    still = truth[:, :, :1].expand_as(truth).clone()
    offset = truth + 0.5
    assert motion_loss(still, truth, t, w) > 0.1
    assert motion_loss(offset, truth, t, w) < 1e-9
    assert motion_loss(truth, truth, t, w) == 0


def test_a_jump_between_chunks_is_not_counted_and_clean_frames_cost_nothing():
    truth = _moving_object()
    pred = truth.clone()
    pred[:, :, 6:] += 1.0  # the second chunk is off by a constant: a change only across the chunk boundary
    t = torch.zeros(1, 12)
    w = torch.ones(1, 1, 12, 1, 8)
    assert motion_loss(pred, truth, t, w) < 1e-9
    wrong = torch.zeros_like(truth)
    assert motion_loss(wrong, truth, torch.ones(1, 12), w) == 0
    assert motion_loss(wrong, truth, t, torch.zeros_like(w)) == 0
