"""Writes a larger checkpoint in the MAGI-1 reference's format, bf16 distill and its fp8 (distill_quant) twin with
the same weights, for measuring the engine's peak memory with each (ReferenceMemoryProbe). Not committed (about
330 MB); the tiny T5, VAE and special tokens of ckpt/tiny-reference are named by absolute path.

    cd training && /usr/bin/python3 -m magi_nano.reference_memory_ckpt --out /tmp/refmem

The DiT: hidden 1024, 8 heads of 128 in 4 key groups, MLP 4096, 10 layers (about 130 M parameters; fp8 in layers 1
to 8, as the reference), random (seeded) values as tiny_reference.py makes them.
"""
import argparse
import os
import shutil

from . import tiny_reference as tr

MODEL = dict(tr.MODEL_45B, num_layers=10, hidden_size=1024, ffn_hidden_size=4096, num_attention_heads=8,
             num_query_groups=4, kv_channels=128)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=24)
    a = ap.parse_args()
    tiny = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "ckpt", "tiny-reference"))
    os.makedirs(os.path.join(a.out, "assets"), exist_ok=True)
    shutil.copy(os.path.join(tiny, "assets", "special_tokens.npz"), os.path.join(a.out, "assets"))
    tensors = tr.dit_tensors(MODEL, a.seed)
    for name, fp8_quant in (("big_distill", False), ("big_distill_quant", True)):
        runtime = dict(tr.runtime(1, 8, "./magi/" + name, os.path.join(tiny, "vae")),
                       t5_pretrained=os.path.join(tiny, "t5"))
        tr.dump(os.path.join(a.out, name + "_config.json"), {"model_config": MODEL, "runtime_config": runtime,
                                                             "engine_config": tr.engine(fp8_quant, True)})
        arrays, dtypes = tr.to_disk(tensors, MODEL["num_layers"], fp8_quant, a.seed + 1)
        tr.write_weights(os.path.join(a.out, "magi", name, tr.weight_dir(fp8_quant, True)), arrays, dtypes,
                         MODEL["num_layers"], 1)
        print(name, sum(v.nbytes for v in arrays.values()), "bytes")


if __name__ == "__main__":
    main()
