"""A quick look at generated frames during training (the real scoring is `./magi eval`).

Per frame: the background (nearest palette colour of the border), the pixels far from it, how many separate blobs
they form, their colour (nearest palette colour of the mean) and centroid. A chunk is "one steady object" when every
frame has exactly one blob and the centroid never jumps more than `jump` of the frame size between frames.
"""
import numpy as np

from . import world

BG = {k: np.array(v, dtype=np.float32) for k, v in world.WORLD["backgrounds"].items()}
COL = {k: np.array(v, dtype=np.float32) for k, v in world.WORLD["colors"].items()}


def _nearest(c, table):
    return min(table, key=lambda k: float(np.sum((table[k] - c) ** 2)))


def _components(mask):
    h, w = mask.shape
    seen = np.zeros_like(mask)
    sizes = []
    for i in range(h):
        for j in range(w):
            if mask[i, j] and not seen[i, j]:
                stack, n = [(i, j)], 0
                seen[i, j] = True
                while stack:
                    a, b = stack.pop()
                    n += 1
                    for da, db in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                        x, y = a + da, b + db
                        if 0 <= x < h and 0 <= y < w and mask[x, y] and not seen[x, y]:
                            seen[x, y] = True
                            stack.append((x, y))
                sizes.append(n)
    return sizes


def frame_facts(frame, min_area=3):
    f = frame.astype(np.float32)
    border = np.concatenate([f[0], f[-1], f[:, 0], f[:, -1]])
    bg = _nearest(np.median(border, axis=0), BG)
    fg = np.sqrt(np.sum((f - BG[bg]) ** 2, axis=-1)) > 80
    blobs = [s for s in _components(fg) if s >= min_area]
    if not fg.any():
        return bg, None, len(blobs), None, 0
    ys, xs = np.nonzero(fg)
    col = _nearest(f[fg].mean(axis=0), COL)
    return bg, col, len(blobs), (xs.mean() / frame.shape[1], ys.mean() / frame.shape[0]), int(fg.sum())


def chunk_facts(frames, jump=0.12):
    facts = [frame_facts(fr) for fr in frames]
    bgs = [f[0] for f in facts]
    cols = [f[1] for f in facts if f[1]]
    one = all(f[2] == 1 for f in facts)
    cents = [f[3] for f in facts]
    steady = one and all(
        abs(a[0] - b[0]) + abs(a[1] - b[1]) < jump for a, b in zip(cents, cents[1:]) if a and b)
    return {
        "background": max(set(bgs), key=bgs.count),
        "color": max(set(cols), key=cols.count) if cols else None,
        "one_object": one,
        "steady": steady,
        "blobs": float(np.mean([f[2] for f in facts])),
    }
