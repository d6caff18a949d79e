"""Time grids and guidance buckets of the MAGI sampler (0 = noise, 1 = clean)."""
import torch


def sd3_shift(t, shift):
    """The SD3 resolution shift written for a clock that runs from noise (0) to clean (1)."""
    inv = 1.0 / shift
    return inv * t / (1 + (inv - 1) * t)


def time_grid(num_steps, shift=3.0):
    """linspace(0, 1, steps + 1), squared, then shifted: num_steps + 1 points from 0 to 1."""
    t = torch.linspace(0, 1, num_steps + 1, dtype=torch.float64) ** 2
    return sd3_shift(t, shift).float()


def stage_length(num_steps, window):
    """Steps a chunk takes before the next one enters: num_steps / window, rounded up."""
    return -(-num_steps // window)


def kv_range_for(step_done, num_steps, noise2clean_kvrange):
    """How many chunks (counting itself) a chunk that has done `step_done` steps attends to."""
    per = max(1, num_steps // len(noise2clean_kvrange))
    return noise2clean_kvrange[min(step_done // per, len(noise2clean_kvrange) - 1)]


def cfg_bucket(t, cfg_t_range):
    """Index of t's bucket in cfg_t_range: searchsorted(range - 1e-7, t) - 1."""
    i = 0
    for j, edge in enumerate(cfg_t_range):
        if t > edge - 1e-7:
            i = j
    return i
