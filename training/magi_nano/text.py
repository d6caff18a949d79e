"""Tokenizer over the world's word vocabulary and a small T5-style text encoder.

Tokens of a chunk's prompt: <hq> <dur_N> word word ... <pad>...; N is the number of chunks remaining (capped at the
largest duration token). Unknown words map to <unk> (the studio highlights them).
"""
import math
import re

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import world
from .layers import attention


class Vocabulary:
    def __init__(self, special, words):
        self.tokens = list(special) + list(words)
        self.index = {t: i for i, t in enumerate(self.tokens)}
        self.pad, self.unk, self.hq = self.index["<pad>"], self.index["<unk>"], self.index["<hq>"]
        self.max_duration = max(int(t[5:-1]) for t in special if t.startswith("<dur_"))

    @staticmethod
    def from_world():
        return Vocabulary(world.WORLD["special_tokens"], world.WORLD["words"])

    @staticmethod
    def words(prompt):
        return re.findall(r"[a-z0-9]+", prompt.lower())

    def unknown(self, prompt):
        return [w for w in self.words(prompt) if w not in self.index]

    def encode(self, prompt, remaining, length):
        """-> (ids, mask) lists of `length`; words beyond the length are cut."""
        dur = "<dur_%d>" % max(1, min(remaining, self.max_duration))
        ids = [self.hq, self.index[dur]] + [self.index.get(w, self.unk) for w in self.words(prompt)]
        ids = ids[:length]
        mask = [1] * len(ids) + [0] * (length - len(ids))
        return ids + [self.pad] * (length - len(ids)), mask


def relative_bucket(relative_position, num_buckets, max_distance):
    """T5's bidirectional bucketing of relative positions (key - query)."""
    num_buckets //= 2
    ret = (relative_position > 0).long() * num_buckets
    n = relative_position.abs()
    max_exact = num_buckets // 2
    is_small = n < max_exact
    large = max_exact + (
        torch.log(n.float().clamp(min=1) / max_exact) / math.log(max_distance / max_exact) * (num_buckets - max_exact)
    ).long()
    large = torch.minimum(large, torch.full_like(large, num_buckets - 1))
    return ret + torch.where(is_small, n, large)


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(torch.mean(x * x, dim=-1, keepdim=True) + self.eps) * self.weight


class TextLayer(nn.Module):
    def __init__(self, d, heads, ffn):
        super().__init__()
        self.heads = heads
        self.attn_norm = RMSNorm(d)
        self.q = nn.Linear(d, d, bias=False)
        self.k = nn.Linear(d, d, bias=False)
        self.v = nn.Linear(d, d, bias=False)
        self.o = nn.Linear(d, d, bias=False)
        self.ffn_norm = RMSNorm(d)
        self.wi = nn.Linear(d, ffn, bias=False)
        self.wo = nn.Linear(ffn, d, bias=False)

    def forward(self, x, bias):
        b, n, d = x.shape
        h = self.attn_norm(x)

        def split(t):
            return t.reshape(b, n, self.heads, d // self.heads).transpose(1, 2)

        o = attention(split(self.q(h)), split(self.k(h)), split(self.v(h)), bias)
        x = x + self.o(o.transpose(1, 2).reshape(b, n, d))
        return x + self.wo(F.gelu(self.wi(self.ffn_norm(x))))


class TextEncoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        d = cfg["hidden_size"]
        self.embed = nn.Embedding(cfg["vocab_size"], d)
        self.relative_attention_bias = nn.Embedding(cfg["relative_attention_num_buckets"], cfg["num_heads"])
        self.layers = nn.ModuleList(
            [TextLayer(d, cfg["num_heads"], cfg["ffn_hidden_size"]) for _ in range(cfg["num_layers"])])
        self.final_norm = RMSNorm(d)

    def position_bias(self, n):
        pos = torch.arange(n)
        buckets = relative_bucket(pos[None, :] - pos[:, None], self.cfg["relative_attention_num_buckets"],
                                  self.cfg["relative_attention_max_distance"])
        return self.relative_attention_bias(buckets).permute(2, 0, 1)  # heads, q, k

    def forward(self, ids, mask):
        """ids/mask [B, L] -> [B, L, D]; padded positions are masked out of attention."""
        x = self.embed(ids)
        bias = self.position_bias(ids.shape[1])[None] + (1.0 - mask[:, None, None, :].float()) * -1e9
        for layer in self.layers:
            x = layer(x, bias)
        return self.final_norm(x)
