"""A DiT's weights carried to a finer patch grid (train_dit --patch-size), so a run can go on from a coarser model.

At patch 2 a token covers 2 x 2 latent pixels (8 x 8 picture pixels at nano's size); at patch 1 one. The carried
model computes, for a latent that is constant over each old patch, nearly what the old one did: the patch
embedding sums the old kernel's taps, each new token reads the old output's mean over its patch, and a learned
position table is repeated over the pixels of its old patch. Attention sees each old token as p x p equal copies,
which leaves a softmax average unchanged; only the rotary positions move to the finer grid.
"""


def to_patch(state, cfg, patch):
    """A copy of the DiT state dict `state` (model_config `cfg`) for patch size `patch`, which must divide the old."""
    old = cfg["patch_size"]
    if old == patch:
        return dict(state)
    if old % patch:
        raise ValueError("patch %d does not divide the checkpoint's patch %d" % (patch, old))
    f = old // patch
    out = dict(state)
    w = state["x_embedder.weight"]  # D C pt old old
    d, c, pt = w.shape[:3]
    out["x_embedder.weight"] = w.reshape(d, c, pt, f, patch, f, patch).sum(dim=(3, 5))
    lin = state["final_linear.linear.weight"]  # (old old pt C) x D, rows ordered row, column, channel;
    # an old patch row is (new token's row within the old patch) x patch + (row within the new patch)
    co = lin.shape[0] // (old * old)
    lin = lin.reshape(f, patch, f, patch, co, lin.shape[1])
    out["final_linear.linear.weight"] = lin.mean(dim=(0, 2)).reshape(patch * patch * co, -1)
    if "abs_pos_embed" in state:
        frames, rows, cols = cfg["abs_pos_embed"]
        table = state["abs_pos_embed"].reshape(frames, rows, cols, -1)
        table = table.repeat_interleave(f, dim=1).repeat_interleave(f, dim=2)
        out["abs_pos_embed"] = table.reshape(frames * rows * f * cols * f, -1).contiguous()
    return out

