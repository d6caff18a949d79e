"""Train the DiT and the text encoder on VAE latents of playground clips made on the fly. Resumable.

    /usr/bin/python3 -m magi_nano.train_dit --vae runs/vae/state.pt --out runs/dit --hours 3 [--resume]

Each step takes a batch of windows of K consecutive chunks (K = 1 during single-chunk pre-training, then 1-4) from a
pool of encoded clips that is refreshed a few clips per step. In each window the first P chunks are clean history
(t = clean_t, null caption, attending only to themselves, as the KV cache sees them) and the rest are noisy with
times that do not get cleaner along the video. Loss: flow matching (velocity x1 - x0), object latents weighted
higher. Some samples start from a still image (i2v: first latent held clean), some drop the caption, and after the
pre-training some learn fewer steps by self-consistency (shortcut: one step of N = two steps of 2N).
"""
import argparse
import contextlib
import copy
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import config as nano_config
from . import data, grow, guidance_distil, precision, probe, regrid, schedule, stf, world
from .dit import VideoDiT
from .sampler import NanoModel, Request, generate
from .text import TextEncoder, Vocabulary
from .vae import VideoVAE, to_unit

CHUNKS_PER_CLIP = 4
SHORTCUT_STEPS = (4, 8, 16, 32)


class Pool:
    """Encoded clips kept in memory; a few are replaced each step (nothing is stored on disk)."""

    def __init__(self, vae, vocab, scale, size, cap_len, rng, capacity, fixed=False, free_colours=0.0,
                 two_objects=None):
        self.vae, self.vocab, self.scale, self.size, self.cap_len = vae, vocab, scale, size, cap_len
        self.rng, self.capacity, self.fixed, self.free_colours = rng, capacity, fixed, free_colours
        self.two_objects = two_objects
        self.items = []
        self.add(capacity)

    @torch.no_grad()
    def _encode(self, specs, palettes):
        vids, masks = [], []
        for s, palette in zip(specs, palettes):
            v, m, _ = data.render_clip(s, self.size, palette)
            vids.append(v)
            masks.append(m)
        vids = torch.from_numpy(np.stack(vids))
        masks = torch.from_numpy(np.stack(masks))
        z = self.vae.encode(to_unit(vids)) * self.scale  # B C G h w
        img = self.vae.encode(to_unit(vids[:, :1].repeat(1, 4, 1, 1, 1))) * self.scale  # B C 1 h w
        b, t, H, W = masks.shape
        m = masks.float().reshape(b, 1, t, H, W)
        wmap = F.max_pool3d(m, kernel_size=(4, 4, 4))  # B 1 G h w
        wmap = F.max_pool3d(wmap, kernel_size=(1, 3, 3), stride=1, padding=(0, 1, 1))[:, 0]  # dilate by one
        return z, img, wmap

    def _spec(self):
        if self.two_objects is None:
            return world.sample_spec(self.rng, CHUNKS_PER_CLIP)
        return world.sample_spec(self.rng, CHUNKS_PER_CLIP, objects=2 if self.rng.random() < self.two_objects else 1)

    def _captions(self, spec, unnamed):
        base = world.captions(spec, with_size=self.rng.random() < 0.5, unnamed=unnamed)
        if any(ev for ev in spec["events"]) and self.rng.random() < 0.25:
            _, info = world.simulate(spec)
            sizes = [o["size"] for o in spec["objects"]]
            base = [world.state_caption(c["background"], [
                {"shape": s, "color": col, "label": lab, "size": sizes[i]}
                for i, (s, col, lab) in enumerate(c["objects"])], with_size=self.rng.random() < 0.5, unnamed=unnamed)
                for c in info]
        ids, masks = [], []
        for k, cap in enumerate(base):
            i, m = self.vocab.encode(cap, CHUNKS_PER_CLIP - k, self.cap_len)
            ids.append(i)
            masks.append(m)
        return torch.tensor(ids), torch.tensor(masks, dtype=torch.float32), base

    def add(self, n):
        for start in range(0, n, 32):
            specs = [self._spec() for _ in range(min(32, n - start))]
            free = [data.free_colours(self.rng, s) if self.free_colours and self.rng.random() < self.free_colours else None for s in specs]
            z, img, wmap = self._encode(specs, [f[0] if f else None for f in free])
            for i, s in enumerate(specs):
                ids, masks, caps = self._captions(s, free[i][1] if free[i] else ())
                item = {"z": z[i], "img": img[i], "w": wmap[i], "ids": ids, "mask": masks, "captions": caps,
                        "spec": s}
                if len(self.items) < self.capacity:
                    self.items.append(item)
                else:
                    self.items[self.rng.randrange(self.capacity)] = item

    def refresh(self, n):
        if not self.fixed:
            self.add(n)

    def sample(self, n):
        return [self.rng.choice(self.items) for _ in range(n)]


def sample_t(rng, n, logit_mean=0.0):
    """Half logit-normal (where a sample's layout is decided; its centre `logit_mean`, below 0 toward noise), the
    rest the sampling grid's own density (shifted u^2, most of it near noise) and uniform."""
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.5:
            out.append(1.0 / (1.0 + math.exp(-rng.gauss(logit_mean, 1.0))))
        elif r < 0.8:
            u = rng.random()
            out.append(float(schedule.sd3_shift(torch.tensor(u * u), 3.0)))
        else:
            out.append(rng.random())
    return sorted(out, reverse=True)


def build_batch(items, K, rng, clean_t, cfg, shortcut, i2v_p=0.1, caption_drop_p=0.1, first_chunks=False,
                t_logit_mean=0.0):
    """-> dict of tensors for one forward pass; `shortcut` marks samples whose noisy times sit on a grid of N
    steps (N chosen per sample) for self-consistency targets."""
    B = len(items)
    C = items[0]["z"].shape[0]
    fpc = 6
    x1 = torch.stack([it["z"] for it in items])  # B C 24 h w
    starts = []
    xs, ws, ids, masks = [], [], [], []
    for b, it in enumerate(items):
        s = 0 if first_chunks else rng.randrange(CHUNKS_PER_CLIP - K + 1)
        starts.append(s)
        xs.append(it["z"][:, s * fpc:(s + K) * fpc])
        ws.append(it["w"][s * fpc:(s + K) * fpc])
        ids.append(it["ids"][s:s + K])
        masks.append(it["mask"][s:s + K])
    x1 = torch.stack(xs)
    w = 1.0 + cfg["object_weight"] * torch.stack(ws)  # B T h w
    t_in = torch.ones(B, K)
    t_emb = torch.ones(B, K)
    noisy = torch.zeros(B, K, dtype=torch.bool)
    null = torch.zeros(B, K, dtype=torch.bool)
    steps = torch.full((B,), 64.0)
    grid_idx = torch.full((B, K), -1, dtype=torch.long)
    locked = torch.zeros(B, dtype=torch.bool)
    for b in range(B):
        P = rng.randrange(K)
        if shortcut[b]:
            N = rng.choice(SHORTCUT_STEPS)
            steps[b] = float(N)
            idx = sorted((rng.randrange(N) for _ in range(K - P)), reverse=True)
            g = schedule.time_grid(N)
            ts = [float(g[i]) for i in idx]
            for j, i in enumerate(idx):
                grid_idx[b, P + j] = i
        else:
            ts = sample_t(rng, K - P, t_logit_mean)
        for k in range(K):
            if k < P:
                t_in[b, k], t_emb[b, k], null[b, k] = 1.0, clean_t, True
            else:
                t_in[b, k] = t_emb[b, k] = ts[k - P]
                noisy[b, k] = True
                null[b, k] = rng.random() < caption_drop_p
        if P == 0 and starts[b] == 0 and rng.random() < i2v_p:
            locked[b] = True
    x0 = torch.randn_like(x1)
    tt = t_in.repeat_interleave(fpc, dim=1)[:, None, :, None, None]
    xt = tt * x1 + (1 - tt) * x0
    for b in range(B):
        if locked[b]:
            xt[b, :, 0] = items[b]["img"][:, 0]
            w[b, 0] = 0.0
    return {
        "x1": x1, "x0": x0, "xt": xt, "t": t_emb, "noisy": noisy, "null": null, "steps": steps,
        "ids": torch.stack(ids), "mask": torch.stack(masks), "w": w, "grid_idx": grid_idx, "locked": locked,
        "img": torch.stack([it["img"][:, 0] for it in items]),
        "starts": torch.tensor(starts),
    }


def motion_loss(pred, target, t, wmap, fpc=6):
    """Error in how the predicted clean latent changes from one latent frame to the next within a chunk.

    The clean estimate is x_t + (1 - t) v, so its frame-to-frame error is (1 - t) times that of the velocity. The
    plain loss lets an undertrained model put objects in the right place but barely move them (generated slides
    cover a third of the truth's distance, falls hardly start); this term weighs exactly that error.
    pred, target: B C T h w; t: B T (per latent frame); wmap: B 1 T h w (0 outside the noisy chunks)."""
    err = (pred - target) * (1 - t)[:, None, :, None, None]
    diff = err[:, :, 1:] - err[:, :, :-1]
    same_chunk = (torch.arange(1, err.shape[2]) % fpc != 0).to(err.dtype)[None, None, :, None, None]
    w = torch.minimum(wmap[:, :, 1:], wmap[:, :, :-1]) * same_chunk
    return torch.sum(w * diff ** 2) / (torch.sum(w) * pred.shape[1]).clamp(min=1)


def run_model(dit, text, batch, xt, t, steps, K):
    B = xt.shape[0]
    L = batch["ids"].shape[-1]
    cap = text(batch["ids"].reshape(B * K, L), batch["mask"].reshape(B * K, L)).reshape(B, K, L, -1)
    ranges = torch.full((K,), K)
    clean_rows = ~batch["noisy"]
    # clean history attends only to itself (clean_chunk_kvrange = 1), noisy chunks to everything before them
    if clean_rows.any():
        return _run_mixed_ranges(dit, cap, batch, xt, t, steps, K)
    return dit(xt, t, cap, batch["mask"], batch["null"], steps, torch.arange(K), ranges)


def _run_mixed_ranges(dit, cap, batch, xt, t, steps, K):
    """Samples have different numbers of clean chunks, so kv ranges differ per sample: group samples by P."""
    out = torch.zeros_like(xt)
    P = (~batch["noisy"]).sum(dim=1)
    for p in P.unique().tolist():
        rows = (P == p).nonzero().flatten()
        ranges = torch.tensor([1 if k < p else K for k in range(K)])
        out[rows] = dit(xt[rows], t[rows], cap[rows], batch["mask"][rows], batch["null"][rows], steps[rows],
                        torch.arange(K), ranges)
    return out


@torch.no_grad()
def shortcut_targets(dit, text, batch, K):
    """For grid samples: two steps of the 2N grid from t_i to t_{i+1} of the N grid, as one velocity."""
    rows = (batch["grid_idx"] >= 0).any(dim=1).nonzero().flatten()
    target = batch["x1"] - batch["x0"]
    if len(rows) == 0:
        return target
    sub = {k: (v[rows] if torch.is_tensor(v) and v.shape[:1] == batch["xt"].shape[:1] else v) for k, v in batch.items()}
    xt = sub["xt"].clone()
    fpc = 6
    t_a = sub["t"].clone()
    t_mid = sub["t"].clone()
    t_b = sub["t"].clone()
    for r in range(len(rows)):
        N = int(sub["steps"][r])
        g2 = schedule.time_grid(2 * N)
        for k in range(K):
            i = int(sub["grid_idx"][r, k])
            if i >= 0:
                t_mid[r, k] = float(g2[2 * i + 1])
                t_b[r, k] = float(g2[2 * i + 2])
    steps2 = sub["steps"] * 2
    v1 = run_model(dit, text, sub, xt, t_a, steps2, K)
    d1 = (t_mid - t_a).repeat_interleave(fpc, dim=1)[:, None, :, None, None]
    x_mid = xt + d1 * v1
    x_mid = torch.where(sub["noisy"].repeat_interleave(fpc, dim=1)[:, None, :, None, None], x_mid, xt)
    for r in range(len(rows)):
        if sub["locked"][r]:
            x_mid[r, :, 0] = sub["img"][r]
    v2 = run_model(dit, text, sub, x_mid, t_mid, steps2, K)
    d2 = (t_b - t_mid).repeat_interleave(fpc, dim=1)[:, None, :, None, None]
    tot = d1 + d2
    v = torch.where(tot > 0, (d1 * v1 + d2 * v2) / tot.clamp(min=1e-8), v1)
    target[rows] = v
    return target


def stable_targets(target, batch, items, K, refs):
    """Single-chunk windows at a clip's start with a caption and one object: the stable target field's velocity
    (stf.py); the rest keep theirs."""
    if K != 1:
        return target
    for b, it in enumerate(items):
        kind = stf.scene_kind(it["spec"])
        if kind is None or batch["starts"][b] != 0 or batch["locked"][b] or batch["null"][b, 0] or not batch["noisy"][b, 0]:
            continue
        x1 = batch["x1"][b]
        target[b] = stf.target(x1, batch["xt"][b], float(batch["t"][b, 0]), refs.get(kind))
        refs.refresh(kind, x1.clone())
    return target


def ema_update(ema, model, decay):
    with torch.no_grad():
        for pe, pm in zip(ema.parameters(), model.parameters()):
            pe.mul_(decay).add_(pm, alpha=1 - decay)


def load_vae(path):
    """A VAE training state (state.pt) or an exported checkpoint folder."""
    if os.path.isdir(path):
        from . import checkpoint
        model = checkpoint.load(path)
        vae, cfg = model.vae, model.vae.cfg
    else:
        st = torch.load(path)
        vae, cfg = VideoVAE(st["config"]), st["config"]
        vae.load_state_dict(st["model"])
    vae.eval()
    for p in vae.parameters():
        p.requires_grad_(False)
    return vae, cfg


@torch.no_grad()
def latent_scale(vae, size):
    clips, _, _ = data.fixed_clips(7, 32, 1, size, "train")
    z = vae.encode(to_unit(clips))
    return float(1.0 / z.std())


def sample_for_eval(dit, text, vae, vocab, mcfg, rcfg, specs, out_dir, steps=8, window=2, cfg_number=1):
    """Generate each spec's clip from its captions; save frames as .npy and a contact sheet; return probe facts."""
    model = NanoModel(dit, vae, text, vocab, mcfg, rcfg)
    os.makedirs(out_dir, exist_ok=True)
    facts = []
    for n, spec in enumerate(specs):
        req = Request(spec["captions"], [1000 + n + 17 * k for k in range(len(spec["captions"]))],
                      num_steps=steps, window=window, cfg_number=cfg_number)
        chunks = generate(model, req)
        video = np.concatenate(chunks)
        np.save(os.path.join(out_dir, "clip%03d.npy" % n), video)
        with open(os.path.join(out_dir, "clip%03d.json" % n), "w") as f:
            json.dump(spec, f)
        for k, ch in enumerate(chunks):
            fc = probe.chunk_facts(ch)
            _, info = world.simulate(spec)
            want_bg = info[k]["background"]
            want_col = info[k]["objects"][0][1]
            fc.update({"clip": n, "chunk": k, "bg_ok": fc["background"] == want_bg, "color_ok": fc["color"] == want_col})
            facts.append(fc)
    dit.train()
    text.train()
    return facts


def summarize(facts):
    n = max(1, len(facts))
    return {
        "bg": round(sum(f["bg_ok"] for f in facts) / n, 3),
        "color": round(sum(f["color_ok"] for f in facts) / n, 3),
        "one_object": round(sum(f["one_object"] for f in facts) / n, 3),
        "steady": round(sum(f["steady"] for f in facts) / n, 3),
        "blobs": round(sum(f["blobs"] for f in facts) / n, 2),
    }


def training_device(name):
    """The device named by --device, or SystemExit with a one-line reason."""
    try:
        dev = torch.device(name)
    except RuntimeError as e:
        raise SystemExit("--device %s: %s" % (name, e))
    if dev.type == "cpu":
        return dev
    if dev.type != "cuda" or not torch.cuda.is_available():
        raise SystemExit("--device %s: this PyTorch (%s) finds no such device" % (name, torch.__version__))
    if not hasattr(dev, "__enter__"):
        raise SystemExit("--device %s needs PyTorch 2.0 or later (this is %s)" % (name, torch.__version__))
    return dev


def computing_on(dev):
    """Tensors the model makes inside its forward pass (positions, masks, ranges) are made on `dev`."""
    return contextlib.nullcontext() if dev.type == "cpu" else dev


def to_device(batch, dev):
    return {k: (v.to(dev) if torch.is_tensor(v) else v) for k, v in batch.items()}


def on_cpu(module):
    """The module itself on the CPU, else a CPU copy (the probe samples with the CPU's VAE)."""
    return module if next(module.parameters()).device.type == "cpu" else copy.deepcopy(module).cpu()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--vae", default="runs/vae/state.pt")
    ap.add_argument("--out", default="runs/dit")
    ap.add_argument("--hours", type=float, default=3.0, help="planned total training time (sets the LR decay)")
    ap.add_argument("--stop-after", type=float, default=None, help="minutes to train in this run")
    ap.add_argument("--max-steps", type=int, default=None,
                    help="stop at this step (runs compared over the same steps, e.g. bf16 against fp32)")
    ap.add_argument("--chunks-per-step", type=int, default=16, help="batch size in chunks (B * K)")
    ap.add_argument("--lr", type=float, default=6e-4)
    ap.add_argument("--object-weight", type=float, default=4.0)
    ap.add_argument("--motion-weight", type=float, default=0.0,
                    help="weight of the frame-to-frame (motion) loss; 0 leaves it out")
    ap.add_argument("--pretrain-frac", type=float, default=0.2, help="fraction of the time on single chunks")
    ap.add_argument("--shortcut-frac", type=float, default=0.25)
    ap.add_argument("--pool", type=int, default=1024)
    ap.add_argument("--overfit", type=int, default=0, help="train on this many fixed clips only")
    ap.add_argument("--eval-every", type=float, default=20.0, help="minutes")
    ap.add_argument("--eval-clips", type=int, default=8)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--init-from", help="start from an exported checkpoint folder's weights (e.g. ../ckpt/nano) "
                                        "with a fresh optimizer: how training goes on where the run state is gone")
    ap.add_argument("--abs-pos-embed", action="store_true",
                    help="a learned position per token of a chunk (model_config abs_pos_embed; not in the reference)")
    ap.add_argument("--patch-size", type=int, default=None, metavar="P",
                    help="latent pixels per token side (model_config patch_size; the reference's 2); from a coarser "
                         "--init-from checkpoint the weights are carried to the finer grid (regrid.py)")
    ap.add_argument("--grow-layers", type=int, default=0, metavar="N",
                    help="N more DiT layers than the --init-from checkpoint, inserted in its middle, each adding "
                         "nothing at first (grow.py)")
    ap.add_argument("--bf16", choices=("auto", "on", "off"), default="auto",
                    help="bf16 linears (fp32 master weights): auto uses them where the CPU has AMX-BF16 or AVX512-BF16")
    ap.add_argument("--stf", type=int, default=0, metavar="M",
                    help="first chunks from text learn the stable target field over M same-kind clips (0: plain target)")
    ap.add_argument("--t-logit-mean", type=float, default=0.0, metavar="M",
                    help="centre of the logit-normal half of the training times (below 0: toward noise)")
    ap.add_argument("--first-chunks", action="store_true",
                    help="single-chunk windows start at a clip's first chunk (the chunk text alone must draw)")
    ap.add_argument("--free-colours", type=float, default=0.0, metavar="P",
                    help="draw a clip's objects in random colours its captions do not name, with probability P "
                         "(never a colour that would make a held-out combination)")
    ap.add_argument("--two-objects", type=float, default=None, metavar="P",
                    help="share of training clips with two objects; unset, the world's own draw, where few two-object "
                         "scenes come out clean (about 4 %%; the evaluation's scenes have about a quarter)")
    ap.add_argument("--distil-guidance", type=float, default=0.0, metavar="S",
                    help="learn text guidance of scale S into the model below --distil-t-edge, measured by the "
                         "--distil-teacher checkpoint frozen (0: off)")
    ap.add_argument("--distil-teacher", metavar="DIR",
                    help="the exported checkpoint that measures the guidance push (default: --init-from); going on "
                         "from a checkpoint that has guidance learnt, name the one it was learnt from, or the push "
                         "compounds")
    ap.add_argument("--distil-t-edge", type=float, default=0.3, metavar="T",
                    help="noisy times below T take the guidance push (the runtime config's guided buckets)")
    ap.add_argument("--seed", type=int, default=4321, help="data and sampling seed")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--device", default="cpu", help="where the DiT and text encoder train: cpu, cuda or cuda:N "
                    "(clips are still made and encoded on the CPU)")
    args = ap.parse_args(argv)
    if args.distil_guidance and not args.init_from:
        ap.error("--distil-guidance needs --init-from: the checkpoint to go on from")
    if args.grow_layers and not args.init_from:
        ap.error("--grow-layers needs --init-from: the checkpoint to grow")
    dev = training_device(args.device)
    torch.set_num_threads(args.threads)
    bf16, why = precision.choose(args.bf16, dev.type)
    print(why, flush=True)
    os.makedirs(args.out, exist_ok=True)
    vae, vcfg = load_vae(args.vae)
    size = vcfg["video_size_h"]
    vocab = Vocabulary.from_world()
    mcfg = nano_config.model_config(smoke=args.smoke)
    tcfg = nano_config.text_config(len(vocab.tokens), smoke=args.smoke)
    mcfg["caption_channels"] = tcfg["hidden_size"]
    mcfg["in_channels"] = mcfg["out_channels"] = vcfg["latent_channels"]
    if args.patch_size:
        mcfg["patch_size"] = args.patch_size
    if args.grow_layers:
        with open(os.path.join(args.init_from, "config.json")) as f:
            mcfg["num_layers"] = json.load(f)["model_config"]["num_layers"] + args.grow_layers
    if args.abs_pos_embed:
        tokens = vcfg["video_size_h"] // vcfg["spatial_downsample_factor"] // mcfg["patch_size"]
        mcfg["abs_pos_embed"] = [nano_config.runtime_config()["chunk_width"], tokens, tokens]
    rcfg = nano_config.runtime_config()
    state_path = os.path.join(args.out, "state.pt")
    rng = random.Random(args.seed)
    torch.manual_seed(0)
    dit, text = VideoDiT(mcfg).to(dev), TextEncoder(tcfg).to(dev)
    params = list(dit.parameters()) + list(text.parameters())
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01, betas=(0.9, 0.99))
    step, elapsed, scale = 0, 0.0, None
    before = None  # the training behind --init-from's checkpoint, carried into exports
    if args.resume and os.path.exists(state_path):
        st = torch.load(state_path, map_location="cpu")
        dit.load_state_dict(st["dit"])
        text.load_state_dict(st["text"])
        opt.load_state_dict(st["opt"])
        step, elapsed, scale, before = st["step"], st["elapsed"], st["scale"], st.get("before")
        rng.setstate(st["rng"])
        ema_dit, ema_text = copy.deepcopy(dit), copy.deepcopy(text)
        ema_dit.load_state_dict(st["ema_dit"])
        ema_text.load_state_dict(st["ema_text"])
        print("resumed at step %d (%.1f min)" % (step, elapsed / 60), flush=True)
    else:
        if args.init_from:
            from . import checkpoint
            init = checkpoint.load(args.init_from)
            own = regrid.to_patch(init.dit.state_dict(), init.dit.cfg, mcfg["patch_size"])
            if args.grow_layers:
                own = grow.deeper(own, dit.state_dict(), grow.layer_count(own) // 2)
            if "abs_pos_embed" in dit.state_dict() and "abs_pos_embed" not in own:
                own["abs_pos_embed"] = dit.abs_pos_embed.detach().clone()  # a new table starts from sincos_positions
            dit.load_state_dict(own)
            text.load_state_dict(init.text.state_dict())
            scale = init.runtime_cfg["scale_factor"]
            with open(os.path.join(args.init_from, "config.json")) as f:
                before = json.load(f).get("training")
            print("initialised from %s" % args.init_from, flush=True)
        ema_dit, ema_text = copy.deepcopy(dit), copy.deepcopy(text)
    teacher = None
    if args.distil_guidance:
        from . import checkpoint
        teacher = checkpoint.load(args.distil_teacher or args.init_from)
        for m in (teacher.dit, teacher.text):
            m.to(dev).eval().requires_grad_(False)
    if scale is None:
        scale = latent_scale(vae, size)
    rcfg["scale_factor"] = scale
    print("latent scale factor %.4f; DiT %.2f M params, text %.2f M; training on %s" % (
        scale, sum(p.numel() for p in dit.parameters()) / 1e6, sum(p.numel() for p in text.parameters()) / 1e6, dev),
        flush=True)
    pool_rng = random.Random(rng.random())
    pool = Pool(vae, vocab, scale, size, mcfg["caption_max_length"], pool_rng,
                args.overfit or (16 if args.smoke else args.pool), fixed=args.overfit > 0,
                free_colours=args.free_colours, two_objects=args.two_objects)
    eval_specs = [world.sample_spec(random.Random(500 + i), 2, split="heldout") for i in range(args.eval_clips)]
    if args.overfit:
        eval_specs = [_first_chunks(pool.items[i], 2) for i in range(min(args.overfit, 8))]
    refs = None
    if args.stf:
        def encode(vids):
            with torch.no_grad():
                return vae.encode(to_unit(vids)) * scale
        refs = stf.ReferenceSets(encode, size, args.stf, args.seed + 1)  # its own stream: the data stays the same
    budget = args.hours * 3600
    stop_at = None if args.stop_after is None else elapsed + args.stop_after * 60
    t0 = time.time() - elapsed
    log = open(os.path.join(args.out, "log.jsonl"), "a")
    tcfg_ = {"object_weight": args.object_weight}
    clean_t = rcfg["clean_t"]

    def save():
        torch.save({"dit": dit.state_dict(), "text": text.state_dict(), "opt": opt.state_dict(),
                    "ema_dit": ema_dit.state_dict(), "ema_text": ema_text.state_dict(), "step": step,
                    "elapsed": time.time() - t0, "scale": scale, "rng": rng.getstate(), "before": before,
                    "model_config": mcfg, "text_config": tcfg, "runtime_config": rcfg, "vae_config": vcfg,
                    "args": vars(args)}, state_path + ".tmp")
        os.replace(state_path + ".tmp", state_path)

    last_save, last_eval = time.time(), time.time()
    losses, motion_losses = [], []
    max_steps = 30 if args.smoke else (args.max_steps or 10 ** 9)
    while True:
        el = time.time() - t0
        if el >= budget or step >= max_steps or (stop_at is not None and el >= stop_at):
            break
        frac = el / budget
        lr = args.lr * min(1.0, (step + 1) / 300) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))
        for g in opt.param_groups:
            g["lr"] = lr
        pre = frac < args.pretrain_frac and not args.overfit
        K = 1 if pre else rng.choice((1, 2, 2, 3, 4, 4))
        B = max(1, args.chunks_per_step // K)
        items = pool.sample(B)
        shortcut = [(not pre) and rng.random() < args.shortcut_frac for _ in range(B)]
        batch = build_batch(items, K, rng, clean_t, tcfg_, shortcut, first_chunks=args.first_chunks and pre,
                            t_logit_mean=args.t_logit_mean)
        plain = batch["x1"] - batch["x0"]
        stable = None if refs is None or any(shortcut) else stable_targets(plain.clone(), batch, items, K, refs)
        batch = to_device(batch, dev)
        with computing_on(dev), precision.linears(bf16):
            if stable is not None:
                target = stable.to(dev)
            else:
                target = shortcut_targets(dit, text, batch, K) if any(shortcut) else batch["x1"] - batch["x0"]
            if teacher is not None:
                chunks = guidance_distil.guided_chunks(batch, args.distil_t_edge, torch.tensor(shortcut))
                target = target + guidance_distil.push(
                    lambda m, sub, null: run_model(m.dit, m.text, dict(sub, null=null), sub["xt"], sub["t"],
                                                   sub["steps"], K),
                    teacher, batch, chunks, args.distil_guidance)
            pred = run_model(dit, text, batch, batch["xt"], batch["t"], batch["steps"], K)
            sel = batch["noisy"].repeat_interleave(6, dim=1)[:, None, :, None, None].float()
            wmap = batch["w"][:, None] * sel
            loss = torch.sum(wmap * (pred - target) ** 2) / (torch.sum(wmap) * pred.shape[1]).clamp(min=1)
            if args.motion_weight > 0:
                m_loss = motion_loss(pred, target, batch["t"].repeat_interleave(6, dim=1), wmap)
                motion_losses.append(m_loss.item())
                loss = loss + args.motion_weight * m_loss
        opt.zero_grad()
        loss.backward()
        gn = torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        ema_update(ema_dit, dit, 0.999 if step > 1000 else 0.99)
        ema_update(ema_text, text, 0.999 if step > 1000 else 0.99)
        pool.refresh(2)
        step += 1
        losses.append(loss.item())
        if step % 25 == 0:
            el = time.time() - t0
            rec = {"step": step, "min": round(el / 60, 2), "loss": round(float(np.mean(losses)), 5), "bf16": bf16,
                   "grad_norm": round(float(gn), 3), "lr": lr, "K": K, "phase": "single" if pre else "multi"}
            if motion_losses:
                rec["motion_loss"] = round(float(np.mean(motion_losses)), 5)
            log.write(json.dumps(rec) + "\n")
            log.flush()
            left = (stop_at if stop_at is not None else budget) - el
            print("dit step %d  loss %.4f  |g| %.2f  lr %.2e  %s  %.1f min, ETA %.1f min" % (
                step, rec["loss"], rec["grad_norm"], lr, rec["phase"], el / 60, max(0, left) / 60), flush=True)
            losses, motion_losses = [], []
        if time.time() - last_save > 300:
            save()
            last_save = time.time()
        if time.time() - last_eval > args.eval_every * 60:
            facts = sample_for_eval(on_cpu(ema_dit), on_cpu(ema_text), vae, vocab, mcfg, rcfg, eval_specs,
                                    os.path.join(args.out, "samples", "step%06d" % step))
            summ = summarize(facts)
            summ.update({"step": step, "min": round((time.time() - t0) / 60, 2), "eval": "probe"})
            log.write(json.dumps(summ) + "\n")
            log.flush()
            print("probe at step %d: %s" % (step, json.dumps(summ)), flush=True)
            last_eval = time.time()
    save()
    facts = sample_for_eval(on_cpu(ema_dit), on_cpu(ema_text), vae, vocab, mcfg, rcfg, eval_specs,
                            os.path.join(args.out, "samples", "step%06d" % step))
    summ = summarize(facts)
    summ.update({"step": step, "min": round((time.time() - t0) / 60, 2), "eval": "probe"})
    log.write(json.dumps(summ) + "\n")
    print("dit done at step %d: %s" % (step, json.dumps(summ)), flush=True)


def _first_chunks(item, k):
    """A pool clip cut to its first k chunks, with the captions it was trained on."""
    spec = json.loads(json.dumps(item["spec"]))
    spec["chunks"] = k
    spec["events"] = [e for e in spec["events"] if e["chunk"] < k]
    spec["captions"] = item["captions"][:k]
    return spec


if __name__ == "__main__":
    main()
