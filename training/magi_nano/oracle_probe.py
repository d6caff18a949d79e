"""From which noise level on does the DiT draw a scene right when it is handed the truth?

    /usr/bin/python3 -m magi_nano.oracle_probe --model ../ckpt/nano --truth ../runs/gate-train --out ../runs/oracle \
        --start 0 2 4 6 [--steps 8]
    ./magi eval --generated ../runs/oracle/start-4 --truth ../runs/gate-train --prefix-chunks 0

For each one-chunk scene of a `playground render --format png` folder, the truth's own latent is noised to the
sampling grid's time t_k (k = 0: pure noise, the ordinary text-to-video sample) and sampled from there to clean with
the scene's caption, cfg 1; the frames go to OUT/start-k/scene-NNNN/ for `./magi eval`. If the scores are high from
t_k on but low from pure noise, the fault lies before t_k (the text and layout at high noise); if they stay low even
from a t_k where the truth's layout already shows, the model loses the scene on the way to clean. `--vae-only`
writes the truth through the VAE alone (encode, decode): the ceiling the VAE sets.
"""
import argparse
import json
import os

import numpy as np
import torch

from . import checkpoint, pngio, schedule
from .sampler import _Chunk, _velocity, chunk_noise


def scenes(truth):
    for name in sorted(os.listdir(truth)):
        path = os.path.join(truth, name)
        if os.path.isdir(path) and os.path.isfile(path + ".json"):
            frames = sorted(f for f in os.listdir(path) if f.endswith(".png"))
            with open(path + ".json", encoding="utf-8") as f:
                spec = json.load(f)
            yield name, spec, np.stack([pngio.read(os.path.join(path, f)) for f in frames]), frames


@torch.no_grad()
def sample_from(model, z1, caption, seed, start, steps):
    """Euler steps of the sampler's own grid from the truth noised to grid[start], one chunk, cfg 1."""
    rc = model.runtime_cfg
    grid = schedule.time_grid(steps, rc.get("t_schedule_shift", 3.0))
    t = float(grid[start])
    text, mask = model.encode_text(caption, 1)
    ch = _Chunk(0, t * z1 + (1 - t) * chunk_noise(seed, z1.shape), text, mask, 1)
    ch.done = start
    while ch.done < steps:
        v = _velocity(model, [ch], [], grid, steps, 1, rc["noise2clean_kvrange"])[0]
        ch.x = ch.x + v * (grid[ch.done + 1] - grid[ch.done])
        ch.done += 1
    return ch.x


def write(folder, frame_names, video):
    os.makedirs(folder, exist_ok=True)
    for name, frame in zip(frame_names, video):
        pngio.write(os.path.join(folder, name), np.asarray(frame))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--truth", required=True, help="a `playground render --chunks 1 --format png` folder")
    ap.add_argument("--out", required=True, help="a new folder")
    ap.add_argument("--start", type=int, nargs="+", default=[0, 2, 4, 6], help="grid indices to start from")
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--vae-only", action="store_true")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args(argv)
    if os.path.exists(args.out):
        raise SystemExit("%s exists: the probe writes a new folder" % args.out)
    torch.set_num_threads(args.threads)
    model = checkpoint.load(args.model)
    runs = ["vae"] if args.vae_only else ["start-%d" % k for k in args.start]
    for n, (name, spec, video, frame_names) in enumerate(scenes(args.truth)):
        z1 = model.encode_frames(video)
        for run in runs:
            if run == "vae":
                out = model.decode(z1)
            else:
                k = int(run.split("-")[1])
                out = model.decode(sample_from(model, z1, spec["captions"][0], 1000 + n, k, args.steps))
            write(os.path.join(args.out, run, name), frame_names, out)
    for run in runs:
        print(os.path.join(args.out, run))


if __name__ == "__main__":
    main()
