"""Text guidance learned into the DiT, so that one pass draws what two passes of classifier-free guidance draw.

Sampling with guidance takes, at the noisy times where layout and motion are decided (t below the edge of the last
guided bucket of the runtime config), v_u + s (v_c - v_u): the velocity without the caption, pushed s times its
distance toward the velocity with it. Here a frozen teacher (the checkpoint the run started from) measures that
push, (s - 1) (v_c - v_u), and it is added to the flow-matching target of each captioned noisy chunk below the
edge. The data term stays, so the student keeps learning from clips while its expected target becomes the guided
velocity; chunks without a caption keep the plain target, so the unguided velocity stays learnt as well.
"""
import torch

FRAMES_PER_CHUNK = 6


def guided_chunks(batch, t_edge, skip_rows):
    """B K mask of the chunks whose target takes the push: noisy, captioned, below the edge, not a shortcut row."""
    mask = batch["noisy"] & ~batch["null"] & (batch["t"] < t_edge)
    mask[skip_rows] = False
    return mask


@torch.no_grad()
def push(run, teacher, batch, chunks, scale):
    """(scale - 1) (v_c - v_u) of the teacher on the rows holding a guided chunk, zero elsewhere (B C T h w).

    `run(teacher, sub_batch, null)` evaluates the teacher on a sub-batch with the given per-chunk null-caption mask."""
    out = torch.zeros_like(batch["xt"])
    rows = chunks.any(dim=1).nonzero().flatten()
    if len(rows) == 0:
        return out
    n = batch["xt"].shape[0]
    sub = {k: (v[rows] if torch.is_tensor(v) and v.shape[:1] == (n,) else v) for k, v in batch.items()}
    with_text = run(teacher, sub, sub["null"])
    without = run(teacher, sub, torch.ones_like(sub["null"]))
    frames = chunks[rows].repeat_interleave(FRAMES_PER_CHUNK, dim=1)[:, None, :, None, None]
    out[rows] = torch.where(frames, (scale - 1.0) * (with_text - without), torch.zeros_like(with_text))
    return out
