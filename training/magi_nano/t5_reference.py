"""An independent T5 v1.1 encoder in torch, for the Java engine's T5Encoder to be checked against.

Written from the architecture (Hugging Face's T5EncoderModel with t5-v1_1's config), not from its code: transformers
and sentencepiece cannot be installed on this machine. It reads the tiny T5 folder that tiny_reference.py writes,
tokenizes a few captions with a unigram Viterbi over the pieces that folder's spiece.model was built from
(tiny_reference.spiece_pieces; sentencepiece's own rules for that model: whitespace collapsed, "\u2581" for spaces
and before the text, the highest total score wins), and writes ids, masks and encoder outputs to
ckpt/tiny-reference/fixtures/t5_tiny.safetensors, with the relative-position buckets of distances -799 to 799:

    cd training && /usr/bin/python3 -m magi_nano.t5_reference --t5 ../ckpt/tiny-reference/t5/t5-v1_1-xxl
"""

import argparse
import json
import math
import os

import numpy as np
import torch

from . import safetensors
from .tiny_reference import spiece_pieces

CAPTIONS = ["a red ball runs over the fence", "the cat jumps on the green tree.", "dogs run   fast, birds fly",
            "a blue car moves slowly left in the park on a sunny sky over water"]
LENGTH = 16  # shorter than the last caption's tokens: the truncation (EOS kept) is checked too
PAD, EOS = 0, 1


def tokenize(text):
    """Unigram Viterbi: the segmentation of '\u2581' + words joined by '\u2581' with the highest total score."""
    pieces = {p: (i, s) for i, (p, s, kind) in enumerate(spiece_pieces()) if kind == 1}
    s = "\u2581" + "\u2581".join(text.split())
    best = [(0.0, [])] + [None] * len(s)
    for end in range(1, len(s) + 1):
        for start in range(end):
            if best[start] is None or s[start:end] not in pieces:
                continue
            i, score = pieces[s[start:end]]
            cand = (best[start][0] + score, best[start][1] + [i])
            if best[end] is None or cand[0] > best[end][0]:
                best[end] = cand
    assert best[-1] is not None, "the tiny vocabulary cannot spell " + repr(text)
    return best[-1][1]


def ids_and_mask(text, length):
    """T5Tokenizer with padding="max_length", truncation: pieces, then EOS, then PAD up to length."""
    ids = tokenize(text)[:length - 1] + [EOS]
    mask = [1] * len(ids) + [0] * (length - len(ids))
    return ids + [PAD] * (length - len(ids)), mask


def buckets(n, count, max_distance):
    """[n, n] bidirectional relative-position buckets of key - query: exact below count/4, then logarithmic up to
    max_distance, in float32 as T5 computes them."""
    rel = torch.arange(n)[None, :] - torch.arange(n)[:, None]
    half = count // 2
    exact = half // 2
    out = (rel > 0).long() * half
    d = rel.abs()
    big = exact + (torch.log(d.float() / exact) / math.log(max_distance / exact) * (half - exact)).long()
    return out + torch.where(d < exact, d, torch.clamp(big, max=half - 1))


def rms(x, w, eps):
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


def encode(t, c, ids, mask):
    """ids, mask [B, L] -> last hidden state [B, L, d_model]; float32."""
    b, n = ids.shape
    heads, dkv, eps = c["num_heads"], c["d_kv"], c["layer_norm_epsilon"]
    x = t["shared.weight"][ids]
    table = t["encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"]  # [buckets, heads]
    rel = buckets(n, c["relative_attention_num_buckets"], c["relative_attention_max_distance"])
    bias = table[rel].permute(2, 0, 1)[None] + (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    for i in range(c["num_layers"]):
        p = "encoder.block.%d.layer." % i
        h = rms(x, t[p + "0.layer_norm.weight"], eps)

        def split(name):
            return (h @ t[p + "0.SelfAttention.%s.weight" % name].T).view(b, n, heads, dkv).transpose(1, 2)
        scores = split("q") @ split("k").transpose(-1, -2) + bias  # T5 does not divide by sqrt(d_kv)
        a = (torch.softmax(scores, -1) @ split("v")).transpose(1, 2).reshape(b, n, heads * dkv)
        x = x + a @ t[p + "0.SelfAttention.o.weight"].T
        h = rms(x, t[p + "1.layer_norm.weight"], eps)
        gate = gelu_tanh(h @ t[p + "1.DenseReluDense.wi_0.weight"].T)
        x = x + (gate * (h @ t[p + "1.DenseReluDense.wi_1.weight"].T)) @ t[p + "1.DenseReluDense.wo.weight"].T
    return rms(x, t["encoder.final_layer_norm.weight"], eps)


def write_fixture(t5, path):
    """Tokenizes CAPTIONS, encodes them with the T5 folder's weights and writes the fixture to path."""
    with open(os.path.join(t5, "config.json")) as f:
        c = json.load(f)
    arrays, _ = safetensors.load(os.path.join(t5, "model.safetensors"))
    t = {k: torch.from_numpy(v.astype(np.float32)) for k, v in arrays.items()}
    rows = [ids_and_mask(s, LENGTH) for s in CAPTIONS]
    ids = torch.tensor([r[0] for r in rows])
    mask = torch.tensor([r[1] for r in rows])
    with torch.no_grad():
        out = encode(t, c, ids, mask)
    far = buckets(800, c["relative_attention_num_buckets"], c["relative_attention_max_distance"])
    table = torch.cat([far[799], far[0, 1:]])  # key - query = -799 .. 799: the reference's 800-token captions
    safetensors.save(path, {"ids": ids.numpy().astype(np.int64), "mask": mask.numpy().astype(np.int64),
                            "hidden": out.numpy(), "buckets": table.numpy().astype(np.int64)},
                     metadata={"captions": json.dumps(CAPTIONS), "length": str(LENGTH)})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--t5", required=True, help="the tiny T5 folder (config.json, model.safetensors)")
    ap.add_argument("--out", default=None, help="default: <t5>/../../fixtures/t5_tiny.safetensors")
    a = ap.parse_args()
    path = a.out or os.path.join(a.t5, "..", "..", "fixtures", "t5_tiny.safetensors")
    write_fixture(a.t5, path)
    print(path)


if __name__ == "__main__":
    main()
