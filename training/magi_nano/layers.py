"""Transformer pieces shared by the VAE and the text encoder (plain pre-norm blocks)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def attention(q, k, v, bias=None):
    """q [B, H, Lq, D], k/v [B, H, Lk, D]; bias broadcastable to [B, H, Lq, Lk] (added before softmax)."""
    scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(q.shape[-1]))
    if bias is not None:
        scores = scores + bias
    return torch.matmul(torch.softmax(scores, dim=-1), v)


class SelfAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x, bias=None):
        b, n, d = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        o = attention(q, k, v, bias)
        return self.proj(o.transpose(1, 2).reshape(b, n, d))


class Block(nn.Module):
    """LayerNorm -> attention -> residual; LayerNorm -> GELU MLP -> residual."""

    def __init__(self, dim, heads, mlp_ratio=4):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = SelfAttention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.fc1 = nn.Linear(dim, dim * mlp_ratio)
        self.fc2 = nn.Linear(dim * mlp_ratio, dim)

    def forward(self, x, bias=None):
        x = x + self.attn(self.norm1(x), bias)
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))
