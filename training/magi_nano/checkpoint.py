"""Load an exported checkpoint folder (config.json + safetensors) back into the PyTorch modules."""
import json
import os

import numpy as np
import torch

from . import fp8, safetensors
from .dit import VideoDiT
from .sampler import NanoModel
from .text import TextEncoder, Vocabulary
from .vae import VideoVAE


class CheckpointError(Exception):
    pass


def _tensors(path, dequantize_fp8=False):
    if not os.path.exists(path):
        raise CheckpointError("missing weights file: %s" % path)
    raw, meta = safetensors.load(path)
    raw = {k: (fp8.from_bf16_bits(v) if v.dtype == np.uint16 else v) for k, v in raw.items()}
    if not dequantize_fp8:
        return {k: torch.from_numpy(v) for k, v in raw.items()}
    out = {}
    for k, v in raw.items():
        if k.endswith(".weight_scale"):
            continue
        scale_key = k[:-len(".weight")] + ".weight_scale" if k.endswith(".weight") else None
        if scale_key in raw:
            out[k] = torch.from_numpy(fp8.dequantize(v, float(raw[scale_key].reshape(-1)[0])))
        else:
            out[k] = torch.from_numpy(v)
    return out


def _load_into(module, tensors, path):
    own = module.state_dict()
    missing = [k for k in own if k not in tensors]
    if missing:
        raise CheckpointError("%s lacks %s" % (path, ", ".join(missing[:5])))
    for k, v in own.items():
        if tuple(tensors[k].shape) != tuple(v.shape):
            raise CheckpointError("%s: %s has shape %s, the config needs %s" % (
                path, k, list(tensors[k].shape), list(v.shape)))
    module.load_state_dict({k: tensors[k].float() for k in own})


def load(folder, use_fp8=False):
    cfg_path = os.path.join(folder, "config.json")
    if not os.path.exists(cfg_path):
        raise CheckpointError("missing %s" % cfg_path)
    try:
        with open(cfg_path, encoding="utf-8") as f:
            cfg = json.load(f)
    except ValueError as e:
        raise CheckpointError("%s is not valid JSON: %s" % (cfg_path, e))
    for field in ("model_config", "runtime_config", "vae_config", "text_config", "vocab", "weights", "weights_fp8"):
        if field not in cfg:
            raise CheckpointError("%s lacks the field '%s'" % (cfg_path, field))
    with open(os.path.join(folder, cfg["vocab"]), encoding="utf-8") as f:
        vocab_json = json.load(f)
    vocab = Vocabulary(vocab_json["special_tokens"], vocab_json["words"])
    dit, vae, text = VideoDiT(cfg["model_config"]), VideoVAE(cfg["vae_config"]), TextEncoder(cfg["text_config"])
    rc = cfg["runtime_config"]
    wpath = os.path.join(folder, cfg["weights_fp8"] if use_fp8 else cfg["weights"])
    _load_into(dit, _tensors(wpath, dequantize_fp8=use_fp8), wpath)
    vpath = os.path.join(folder, rc["vae_pretrained"])
    _load_into(vae, _tensors(vpath), vpath)
    tpath = os.path.join(folder, rc["t5_pretrained"])
    _load_into(text, _tensors(tpath), tpath)
    return NanoModel(dit, vae, text, vocab, cfg["model_config"], rc)


def state_numpy(module):
    return {k: v.detach().cpu().numpy().astype(np.float32) for k, v in module.state_dict().items()}
