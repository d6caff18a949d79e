"""ViT-style video VAE: a 4x(t) x 4x4 (space) patch per token, transformer blocks, `latent_channels` per token.

Each group of 4 frames becomes one latent frame on its own (causal in time: a chunk of 24 frames encodes to
6 latent frames and decodes on its own). An image is encoded as 4 copies of itself.
"""
import torch
import torch.nn as nn

from .layers import Block


class VideoVAE(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.pt, self.ps = cfg["temporal_downsample_factor"], cfg["spatial_downsample_factor"]
        self.h, self.w = cfg["video_size_h"] // self.ps, cfg["video_size_w"] // self.ps
        d, c = cfg["hidden_size"], cfg["latent_channels"]
        patch = self.pt * self.ps * self.ps * 3
        n = self.h * self.w
        self.encoder_in = nn.Linear(patch, d)
        self.encoder_pos = nn.Parameter(torch.randn(n, d) * 0.02)
        self.encoder_blocks = nn.ModuleList([Block(d, cfg["num_heads"]) for _ in range(cfg["num_layers"])])
        self.encoder_norm = nn.LayerNorm(d, eps=1e-6)
        self.encoder_out = nn.Linear(d, 2 * c)
        self.decoder_in = nn.Linear(c, d)
        self.decoder_pos = nn.Parameter(torch.randn(n, d) * 0.02)
        self.decoder_blocks = nn.ModuleList([Block(d, cfg["num_heads"]) for _ in range(cfg["num_layers"])])
        self.decoder_norm = nn.LayerNorm(d, eps=1e-6)
        u = cfg["unpatch_channels"]
        self.final_proj = nn.Linear(d, u * self.pt * self.ps * self.ps)
        self.final_norm = nn.LayerNorm(u * self.pt * self.ps * self.ps, eps=1e-6)
        self.last_layer = nn.Conv3d(u, 3, kernel_size=3, stride=1, padding=1)

    def patchify(self, video):
        """video [B, T, H, W, 3] in [-1, 1] (T a multiple of 4) -> [B*T/4, h*w, patch]."""
        b, t, _, _, _ = video.shape
        g = t // self.pt
        x = video.reshape(b, g, self.pt, self.h, self.ps, self.w, self.ps, 3)
        x = x.permute(0, 1, 3, 5, 2, 4, 6, 7)  # b g h w pt ps ps 3
        return x.reshape(b * g, self.h * self.w, -1)

    def unpatchify(self, tokens, b):
        """[B*G, h*w, pt*ps*ps*U] -> [B, U, 4G, H, W]."""
        g = tokens.shape[0] // b
        u = tokens.shape[-1] // (self.pt * self.ps * self.ps)
        x = tokens.reshape(b, g, self.h, self.w, self.pt, self.ps, self.ps, u)
        x = x.permute(0, 7, 1, 4, 2, 5, 3, 6)  # b u g pt h ps w ps
        return x.reshape(b, u, g * self.pt, self.h * self.ps, self.w * self.ps)

    def encode_moments(self, video):
        """video [B, T, H, W, 3] in [-1, 1] -> mean, logvar [B, C, T/4, h, w]."""
        b = video.shape[0]
        x = self.encoder_in(self.patchify(video)) + self.encoder_pos
        for blk in self.encoder_blocks:
            x = blk(x)
        m = self.encoder_out(self.encoder_norm(x))
        g = m.shape[0] // b
        m = m.reshape(b, g, self.h, self.w, -1).permute(0, 4, 1, 2, 3)
        mean, logvar = m.chunk(2, dim=1)
        return mean, logvar.clamp(-20.0, 10.0)

    def encode(self, video):
        return self.encode_moments(video)[0]

    def decode(self, z):
        """z [B, C, G, h, w] (a whole chunk or more) -> video [B, 4G, H, W, 3] (unclamped). Each latent frame goes
        through the transformer on its own; the last 3x3x3 convolution blends neighbouring frames and pixels
        (zero-padded at the ends, so a chunk decodes on its own)."""
        b, c, g, h, w = z.shape
        x = z.permute(0, 2, 3, 4, 1).reshape(b * g, h * w, c)
        x = self.decoder_in(x) + self.decoder_pos
        for blk in self.decoder_blocks:
            x = blk(x)
        x = self.final_norm(self.final_proj(self.decoder_norm(x)))
        return self.last_layer(self.unpatchify(x, b)).permute(0, 2, 3, 4, 1)


def to_unit(frames_uint8):
    """uint8 [..., 3] -> float in [-1, 1]."""
    return frames_uint8.float() / 127.5 - 1.0


def to_uint8(video):
    return ((video.clamp(-1.0, 1.0) + 1.0) * 127.5).round().to(torch.uint8)
