"""Train the VAE on playground frames. Resumable: `--resume` continues from OUT/state.pt.

    /usr/bin/python3 -m magi_nano.train_vae --out runs/vae --minutes 40
"""
import argparse
import json
import math
import os
import random
import time

import torch

from . import config as nano_config
from .data import clip_batch, fixed_clips
from .vae import VideoVAE, to_unit


def psnr(a, b):
    mse = torch.mean((a - b) ** 2).item()
    return 10 * math.log10(4.0 / max(mse, 1e-12))  # range [-1, 1] has peak-to-peak 2


def evaluate(vae, clips):
    vae.eval()
    with torch.no_grad():
        x = to_unit(clips)
        rec = vae.decode(vae.encode(x)).clamp(-1, 1)
        rec_u8 = ((rec + 1) * 127.5).round()
        x_u8 = clips.float()
        mse = torch.mean((rec_u8 - x_u8) ** 2).item()
    vae.train()
    return 10 * math.log10(255.0 ** 2 / max(mse, 1e-12))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default="runs/vae")
    ap.add_argument("--minutes", type=float, default=600.0, help="stop after this long even if steps remain")
    ap.add_argument("--steps", type=int, default=6000, help="planned steps (sets the LR decay)")
    ap.add_argument("--batch", type=int, default=16, help="clips per step; two latent frames of each")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--object-weight", type=float, default=10.0)
    ap.add_argument("--kl", type=float, default=1e-4)
    ap.add_argument("--random-colors", type=float, default=0.5,
                    help="share of clips drawn in random colours: the VAE is a codec for any colour, so a held-out "
                         "colour pair is nothing special to it (the DiT never sees those pairs)")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--smoke", action="store_true", help="a tiny run that finishes in seconds")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    cfg = nano_config.vae_config(smoke=args.smoke)
    if args.smoke:
        args.steps, args.batch = min(args.steps, 20), 2
    os.makedirs(args.out, exist_ok=True)
    size = cfg["video_size_h"]
    torch.manual_seed(0)
    vae = VideoVAE(cfg)
    opt = torch.optim.AdamW(vae.parameters(), lr=args.lr, weight_decay=0.0)
    step, elapsed = 0, 0.0
    state_path = os.path.join(args.out, "state.pt")
    rng = random.Random(1234)
    if args.resume and os.path.exists(state_path):
        st = torch.load(state_path)
        vae.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        step, elapsed = st["step"], st["elapsed"]
        rng.setstate(st["rng"])
        print("resumed at step %d (%.1f min)" % (step, elapsed / 60), flush=True)
    eval_clips, _, _ = fixed_clips(99, 4 if args.smoke else 24, 1, size, "heldout")
    budget = args.minutes * 60
    t0 = time.time() - elapsed
    log = open(os.path.join(args.out, "log.jsonl"), "a")

    def save():
        torch.save({"model": vae.state_dict(), "opt": opt.state_dict(), "step": step,
                    "elapsed": time.time() - t0, "rng": rng.getstate(), "config": cfg}, state_path + ".tmp")
        os.replace(state_path + ".tmp", state_path)

    last_save = time.time()
    while step < args.steps and time.time() - t0 < budget:
        frac = min(1.0, step / args.steps)
        lr = args.lr * min(1.0, (step + 1) / 200) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * frac)))
        for g in opt.param_groups:
            g["lr"] = lr
        clips, masks, _ = clip_batch(rng, args.batch, 1, size, random_colors=args.random_colors)
        # two consecutive latent frames (8 frames) of each clip: many scenes per step, and the pixel head still
        # sees a boundary between latent frames
        starts = [4 * rng.randrange(5) for _ in range(args.batch)]
        clips = torch.stack([c[s:s + 8] for c, s in zip(clips, starts)])
        masks = torch.stack([m[s:s + 8] for m, s in zip(masks, starts)])
        x = to_unit(clips)
        mean, logvar = vae.encode_moments(x)
        z = mean + torch.randn_like(mean) * torch.exp(0.5 * logvar)
        rec = vae.decode(z)
        w = 1.0 + args.object_weight * masks.float().unsqueeze(-1)
        rec_loss = torch.mean(w * (rec - x) ** 2)
        kl = 0.5 * torch.mean(mean ** 2 + torch.exp(logvar) - 1.0 - logvar)
        loss = rec_loss + args.kl * kl
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(vae.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 50 == 0 or step == args.steps:
            el = time.time() - t0
            rec_psnr = psnr(rec.detach().clamp(-1, 1), x)
            rec_ = {"step": step, "min": round(el / 60, 2), "loss": round(loss.item(), 5), "kl": round(kl.item(), 4),
                    "train_psnr": round(rec_psnr, 2), "lr": lr}
            if step % 500 == 0 or step == args.steps:
                rec_["heldout_psnr"] = round(evaluate(vae, eval_clips), 2)
            log.write(json.dumps(rec_) + "\n")
            log.flush()
            eta = el / step * (args.steps - step)
            print("vae step %d  loss %.4f  psnr %.1f dB%s  %.1f min, ETA %.1f min" % (
                step, loss.item(), rec_psnr,
                ("  heldout %.1f dB" % rec_["heldout_psnr"]) if "heldout_psnr" in rec_ else "",
                el / 60, eta / 60), flush=True)
        if time.time() - last_save > 120:
            save()
            last_save = time.time()
    save()
    print("vae done: step %d, heldout PSNR %.2f dB" % (step, evaluate(vae, eval_clips)), flush=True)


if __name__ == "__main__":
    main()
