"""A DiT made deeper without changing what it computes (train_dit --grow-layers), so a run can go on from a
trained checkpoint with more layers.

The new layers come from a fresh model's initialisation, with one change: both post-norms, which scale what a
layer adds to the residual stream, start at zero (LayerNorm1p's weight at -1, its bias at 0). A layer then adds
nothing until training opens its post-norms, and the gradient reaches them from the first step (it is the
normalised branch output times the incoming gradient), so the grown model starts exactly where the checkpoint was.
"""

PREFIX = "videodit_blocks.layers."
POST_NORMS = ("self_attn_post_norm.", "mlp_post_norm.")


def layer_count(state):
    return len({k[len(PREFIX):].split(".")[0] for k in state if k.startswith(PREFIX)})


def deeper(state, fresh, at):
    """The DiT state dict `state` with the layers of `fresh` (a freshly initialised state dict of the deeper
    model) that it lacks inserted before its layer `at`, their post-norms closed."""
    old, new = layer_count(state), layer_count(fresh)
    if new <= old:
        raise ValueError("the grown model has %d layers, not more than the checkpoint's %d" % (new, old))
    if not 0 <= at <= old:
        raise ValueError("layers can be inserted before layer 0 to %d, not %d" % (old, at))
    added = new - old
    out = {k: v for k, v in state.items() if not k.startswith(PREFIX)}
    for k, v in state.items():
        if k.startswith(PREFIX):
            i, rest = k[len(PREFIX):].split(".", 1)
            i = int(i)
            out["%s%d.%s" % (PREFIX, i if i < at else i + added, rest)] = v
    for i in range(at, at + added):
        for k, v in fresh.items():
            if k.startswith("%s%d." % (PREFIX, i)):
                rest = k[len("%s%d." % (PREFIX, i)):]
                if rest.startswith(POST_NORMS):
                    out[k] = -v.new_ones(v.shape) if rest.endswith("weight") else v.new_zeros(v.shape)
                else:
                    out[k] = v.clone()
    return out
