import torch

from magi_nano import guidance_distil


def _batch(t, null, noisy):
    """Two windows of two chunks (6 latent frames each) on a 1 x 1 latent of one channel."""
    B, K = t.shape
    return {"xt": torch.zeros(B, 1, 6 * K, 1, 1), "t": t, "null": null, "noisy": noisy,
            "steps": torch.full((B,), 64.0)}


def _teacher(sub, null):
    """A teacher whose velocity is 1 with a caption and 0 without, per chunk."""
    v = (~null).float().repeat_interleave(6, dim=1)
    return v[:, None, :, None, None]


def _push(batch, chunks, scale, calls=None):
    """The push of the teacher above; `calls` collects the number of windows of each teacher pass."""
    def run(model, sub, null):
        if calls is not None:
            calls.append(sub["xt"].shape[0])
        return _teacher(sub, null)
    return guidance_distil.push(run, None, batch, chunks, scale)


def test_only_captioned_noisy_chunks_below_the_edge_are_pushed_by_scale_minus_one_times_the_caption_s_pull():
    t = torch.tensor([[0.1, 0.5], [0.2, 0.05]])
    null = torch.tensor([[False, False], [True, False]])
    noisy = torch.tensor([[True, True], [True, True]])
    batch = _batch(t, null, noisy)
    chunks = guidance_distil.guided_chunks(batch, 0.3, torch.tensor([False, False]))
    assert chunks.tolist() == [[True, False], [False, True]]
    push = _push(batch, chunks, 3.0)
    per_chunk = push[:, 0, ::6, 0, 0]
    assert per_chunk.tolist() == [[2.0, 0.0], [0.0, 2.0]]


def test_clean_history_and_shortcut_windows_keep_their_own_target():
    t = torch.tensor([[0.9999, 0.1], [0.1, 0.1]])
    null = torch.tensor([[True, False], [False, False]])
    noisy = torch.tensor([[False, True], [True, True]])
    batch = _batch(t, null, noisy)
    chunks = guidance_distil.guided_chunks(batch, 1.0, torch.tensor([False, True]))
    assert chunks.tolist() == [[False, True], [False, False]]
    calls = []
    push = _push(batch, chunks, 2.0, calls)
    assert calls == [1, 1]  # the teacher sees only the window that takes a push, once with and once without text
    assert push[1].abs().sum() == 0 and push[0, 0, :6].abs().sum() == 0


def test_an_export_names_the_guidance_its_model_learnt_and_keeps_naming_it_in_later_runs():
    from magi_nano.export import _training
    distilled = {"step": 10, "elapsed": 60.0, "args": {"distil_guidance": 3.0, "distil_t_edge": 0.3}}
    first = _training(distilled, {})
    assert first["guidance_learnt"] == {"text_scale": 3.0, "below_t": 0.3}
    later = _training({"step": 5, "elapsed": 60.0, "before": first, "args": {"distil_guidance": 0.0}}, {})
    assert later["guidance_learnt"] == first["guidance_learnt"] and later["dit_steps"] == 15
    assert "guidance_learnt" not in _training({"step": 1, "elapsed": 1.0, "args": {}}, {})
