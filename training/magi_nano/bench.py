"""Time the Python sampler on a checkpoint (the reference the Java engine's bench compares with).

    /usr/bin/python3 -m magi_nano.bench --ckpt ../ckpt/nano --chunks 4 --steps 8 --window 2 --cfg-number 1
prints one JSON line: seconds in all, per chunk (median), first chunk, generated frames per second.
"""
import argparse
import json
import statistics
import time

import torch

from . import checkpoint
from .sampler import Request, generate


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--ckpt", default="../ckpt/nano")
    ap.add_argument("--chunks", type=int, default=4)
    ap.add_argument("--steps", type=int, default=None)
    ap.add_argument("--window", type=int, default=None)
    ap.add_argument("--cfg-number", type=int, default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--fp8", action="store_true")
    ap.add_argument("--prompt", default="a red circle bouncing on a black background")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    model = checkpoint.load(args.ckpt, use_fp8=args.fp8)
    req = Request([args.prompt] * args.chunks, list(range(args.chunks)), num_steps=args.steps, window=args.window,
                  cfg_number=args.cfg_number)
    generate(model, Request([args.prompt], [0], num_steps=args.steps, window=args.window,
                            cfg_number=args.cfg_number))  # warm-up
    stamps = []
    t0 = time.perf_counter()
    generate(model, req, on_chunk=lambda i, f: stamps.append(time.perf_counter()))
    total = time.perf_counter() - t0
    per = [b - a for a, b in zip([t0] + stamps[:-1], stamps)]
    print(json.dumps({"seconds": total, "chunk_ms_median": 1000 * statistics.median(per),
                      "first_chunk_ms": 1000 * (stamps[0] - t0), "fps": 24 * args.chunks / total,
                      "threads": args.threads}))


if __name__ == "__main__":
    main()
