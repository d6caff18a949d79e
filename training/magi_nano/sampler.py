"""The chunk pipeline (the reference for the Java engine).

Chunks are denoised in a sliding window: a chunk enters when the one before it has done num_steps / window steps;
every forward pass carries the chunks in the window, each at its own point of the time grid, and attends to the
cached keys/values of finished chunks. A finished chunk is decoded and emitted at once, then run once more at
t = clean_t with the null caption (attending only to itself) to write its keys/values into the cache.
"""
import numpy as np
import torch

from . import schedule
from .vae import to_uint8, to_unit


class NanoModel:
    """The four parts of a checkpoint, plus its configuration."""

    def __init__(self, dit, vae, text, vocab, model_cfg, runtime_cfg):
        self.dit, self.vae, self.text, self.vocab = dit, vae, text, vocab
        self.model_cfg, self.runtime_cfg = model_cfg, runtime_cfg
        for m in (dit, vae, text):
            m.eval()

    @property
    def scale(self):
        return self.runtime_cfg["scale_factor"]

    def encode_text(self, prompt, remaining):
        L = self.model_cfg["caption_max_length"]
        ids, mask = self.vocab.encode(prompt, remaining, L)
        ids = torch.tensor([ids])
        mask = torch.tensor([mask], dtype=torch.float32)
        return self.text(ids, mask)[0], mask[0]

    def encode_frames(self, frames_uint8):
        """uint8 [T, H, W, 3] (T a multiple of 4) -> scaled latents [C, T/4, h, w]."""
        x = to_unit(torch.from_numpy(np.ascontiguousarray(frames_uint8))[None])
        return self.vae.encode(x)[0] * self.scale

    def decode(self, z):
        """scaled latents [C, G, h, w] -> uint8 [4G, H, W, 3]."""
        return to_uint8(self.vae.decode(z[None] / self.scale))[0].numpy()


class Request:
    def __init__(self, prompts, seeds, num_steps=None, window=None, cfg_number=None, image=None,
                 prefix_video=None, total_chunks=None):
        self.prompts, self.seeds = list(prompts), list(seeds)
        assert len(self.prompts) == len(self.seeds) and self.prompts, "one prompt and one seed per chunk"
        self.num_steps, self.window, self.cfg_number = num_steps, window, cfg_number
        self.image, self.prefix_video = image, prefix_video
        self.total_chunks = total_chunks or len(self.prompts)


class _Chunk:
    def __init__(self, index, noise, text, mask, remaining):
        self.index = index
        self.x = noise
        self.text, self.mask = text, mask
        self.done = 0
        self.locked = None  # (latent frames held clean at the chunk's start) for i2v / partial prefixes


def chunk_noise(seed, shape):
    g = torch.Generator().manual_seed(int(seed))
    return torch.randn(shape, generator=g)


@torch.no_grad()
def generate(model, req, on_chunk=None, noises=None, cancelled=lambda: False, latents_out=None):
    """Calls on_chunk(i, frames uint8 [24, H, W, 3]) for each generated chunk in order and returns the list of all
    generated chunks' frames. `noises` (optional) gives each chunk's initial noise; `latents_out` (a list, optional)
    receives each chunk's final latent."""
    rc, mc = model.runtime_cfg, model.model_cfg
    N = req.num_steps or rc["num_steps"]
    W = req.window or rc["window_size"]
    cfg_number = req.cfg_number or rc["cfg_number"]
    grid = schedule.time_grid(N, rc.get("t_schedule_shift", 3.0))
    stage = schedule.stage_length(N, W)
    fpc = rc["chunk_width"]
    C = mc["in_channels"]
    h = rc["video_size_h"] // model.vae.ps
    w = rc["video_size_w"] // model.vae.ps
    kvr = rc["noise2clean_kvrange"]
    max_range = max(kvr)
    fpl = model.vae.pt  # frames per latent frame
    steps_t = torch.tensor([float(N)])

    cache = []  # per finished chunk: (chunk number, per-layer (k, v))
    index0 = 0
    first_locked = None
    if req.prefix_video is not None:
        pv = req.prefix_video
        full = len(pv) // (fpl * fpc)
        keep = min(full, max_range - 1)
        for j in range(full - keep, full):
            z = model.encode_frames(pv[j * fpl * fpc:(j + 1) * fpl * fpc])
            cache.append((j, _clean_kv(model, z, j, N)))
        index0 = full
        rest = (len(pv) - full * fpl * fpc) // fpl
        if rest:
            first_locked = model.encode_frames(pv[full * fpl * fpc:full * fpl * fpc + rest * fpl])
    elif req.image is not None:
        first_locked = model.encode_frames(np.repeat(req.image[None], fpl, axis=0))

    n = len(req.prompts)
    pending = list(range(n))
    active, outputs = [], []
    tick = 0
    while pending or active:
        if cancelled():
            raise InterruptedError("cancelled")
        # a new chunk enters when the newest one has done `stage` steps
        if pending and (not active or active[-1].done >= stage) and len(active) < W:
            j = pending.pop(0)
            noise = noises[j] if noises is not None else chunk_noise(req.seeds[j], (C, fpc, h, w))
            text, mask = model.encode_text(req.prompts[j], req.total_chunks - j)
            ch = _Chunk(index0 + j, noise.clone(), text, mask, req.total_chunks - j)
            if j == 0 and first_locked is not None:
                ch.locked = first_locked
            active.append(ch)
        for ch in active:
            if ch.locked is not None:
                ch.x[:, :ch.locked.shape[1]] = ch.locked
        v = _velocity(model, active, cache, grid, N, cfg_number, kvr)
        for ch, vel in zip(active, v):
            ch.x = ch.x + vel * (grid[ch.done + 1] - grid[ch.done])
            ch.done += 1
        tick += 1
        while active and active[0].done == N:
            ch = active.pop(0)
            if ch.locked is not None:
                ch.x[:, :ch.locked.shape[1]] = ch.locked
            if latents_out is not None:
                latents_out.append(ch.x.clone())
            frames = model.decode(ch.x)
            if req.prefix_video is not None and ch.locked is not None:
                frames = frames[ch.locked.shape[1] * fpl:]
            outputs.append(frames)
            if on_chunk is not None:
                on_chunk(ch.index - index0, frames)
            cache.append((ch.index, _clean_kv(model, ch.x, ch.index, N)))
            # the youngest chunk that can still enter sees max_range - 1 chunks before it
            cache = [c for c in cache if c[0] > ch.index - (max_range - 1)]
    return outputs


def _null_caption(model, k):
    L = model.model_cfg["caption_max_length"]
    cc = model.model_cfg["caption_channels"]
    return torch.zeros(1, k, L, cc), torch.ones(1, k, L), torch.ones(1, k, dtype=torch.bool)


def _clean_kv(model, z, index, num_steps):
    cap, mask, null = _null_caption(model, 1)
    _, kvs = model.dit(z[None], torch.tensor([[model.runtime_cfg["clean_t"]]]), cap, mask, null,
                       torch.tensor([float(num_steps)]), torch.tensor([index]),
                       torch.tensor([model.runtime_cfg["clean_chunk_kvrange"]]), return_kv=True)
    return kvs


def _past(cache):
    if not cache:
        return None, None
    layers = len(cache[0][1])
    past = []
    for li in range(layers):
        past.append((torch.cat([c[1][li][0] for c in cache], 2), torch.cat([c[1][li][1] for c in cache], 2)))
    tokens = cache[0][1][0][0].shape[2]
    chunks = torch.cat([torch.full((tokens,), c[0], dtype=torch.long) for c in cache])
    return past, chunks


def _forward(model, active, cache, grid, N, kvr, null_text):
    x = torch.cat([c.x for c in active], dim=1)[None]
    t = torch.tensor([[float(grid[c.done]) for c in active]])
    if null_text:
        cap, mask, null = _null_caption(model, len(active))
    else:
        cap = torch.stack([c.text for c in active])[None]
        mask = torch.stack([c.mask for c in active])[None]
        null = torch.zeros(1, len(active), dtype=torch.bool)
    index = torch.tensor([c.index for c in active])
    ranges = torch.tensor([schedule.kv_range_for(c.done, N, kvr) for c in active])
    past, past_chunks = _past(cache)
    out = model.dit(x, t, cap, mask, null, torch.tensor([float(N)]), index, ranges, past=past,
                    past_chunks=past_chunks)
    fpc = active[0].x.shape[1]
    return [out[0, :, i * fpc:(i + 1) * fpc] for i in range(len(active))]


def _alone(model, active, N):
    """Each chunk on its own, null caption, no history (positions restart at 0)."""
    k = len(active)
    x = torch.stack([c.x for c in active])
    t = torch.tensor([[float(c.t)] for c in active])
    cap, mask, null = _null_caption(model, 1)
    out = model.dit(x, t, cap.expand(k, -1, -1, -1), mask.expand(k, -1, -1), null.expand(k, -1),
                    torch.full((k,), float(N)), torch.tensor([0]), torch.tensor([1]))
    return [out[i] for i in range(k)]


def _velocity(model, active, cache, grid, N, cfg_number, kvr):
    rc = model.runtime_cfg
    a = _forward(model, active, cache, grid, N, kvr, null_text=False)
    if cfg_number == 1:
        return a
    b = _forward(model, active, cache, grid, N, kvr, null_text=True)
    if cfg_number == 3:
        for c in active:
            c.t = float(grid[c.done])
        cc = _alone(model, active, N)
    out = []
    for i, ch in enumerate(active):
        bucket = schedule.cfg_bucket(float(grid[ch.done]), rc["cfg_t_range"])
        s_text = rc["text_scales"][bucket]
        if cfg_number == 2:
            out.append((1 - s_text) * b[i] + s_text * a[i])
        else:
            s_hist = rc["prev_chunk_scales"][bucket]
            out.append((1 - s_hist) * cc[i] + (s_hist - s_text) * b[i] + s_text * a[i])
    return out
