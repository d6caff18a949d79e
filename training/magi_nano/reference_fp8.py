"""Runs the MAGI-1 reference's own fp8 linears (dit_module.py's PerTensorQuantizedFp8Linear and
PerChannelQuantizedFp8Linear, with its div_clamp_to) on the CPU on the tiny distill_quant checkpoint's layer-1
tensors, and writes inputs and outputs as a fixture for the Java engine
(ckpt/tiny-reference/fixtures/reference_fp8_linears.safetensors, read by QuantizedLinearTest), and its CustomMLP on
the 24B-shaped tiny24_distill_quant's layer 1, the gated MLP in fp8 (fixtures/reference_fp8_mlp24.safetensors).

NOT run by the test suite; it needs a checkout of the reference outside this repository, as reference_harness.py:

    cd training && /usr/bin/python3 -m magi_nano.reference_fp8 --reference /tmp/magi1-ref [--check]

torch 1.13 has no float8 dtypes (torch.float8_e4m3fn arrived in torch 2.1) and flashinfer's bmm_fp8 is a CUDA kernel,
so four lines are interpreted here, each listed in docs/MODEL.md:

- `torch.float8_e4m3fn` as a parameter dtype: float32 holding each code's value (exact: every e4m3 value is a float32);
  the checkpoint's F8_E4M3 codes are decoded by table (fp8.decode_table).
- `torch.finfo(torch.float8_e4m3fn).min / .max` in div_clamp_to: -448 and 448.
- `.to(torch.float8_e4m3fn)` in div_clamp_to (after the reference's own clamp and bfloat16 rounding): the nearest
  e4m3 value, ties to the even code (fp8.encode), as torch's conversion rounds.
- `bmm_fp8(A, B, A_scale, B_scale, dtype)`: the float32 product of the e4m3 values times A_scale and B_scale, cast to
  dtype. cuBLASLt reads one float through each scale pointer, so of a per-tensor linear's input_scale [in] only the
  first element scales the product (the checkpoint's are all equal).

The modules are built with dtype=float32 (their output dtype; the reference's q/qx/k/v linears default to bfloat16,
the others take params_dtype), so the fixture holds the product before any output rounding.
"""
import argparse
import os

import numpy as np

from . import fp8, safetensors
from .reference_harness import install_shims
from .tiny_reference import weights_digest

LAYER = 1
ROWS = 6


def decode_file(path):
    """safetensors.torch.load_file with e4m3 codes decoded to their float32 values."""
    import torch
    arrays, _ = safetensors.load(path)
    import json
    with open(path, "rb") as f:
        header = json.loads(f.read(int.from_bytes(f.read(8), "little")))
    out = {}
    for name, a in arrays.items():
        dt = header[name]["dtype"]
        if dt == "F8_E4M3":
            out[name] = torch.from_numpy(fp8.decode_table()[a.view(np.uint8)])
        elif dt == "BF16":
            out[name] = torch.from_numpy(a.view(np.int16)).view(torch.bfloat16).float()
        else:
            out[name] = torch.from_numpy(np.asarray(a, np.float32))
    return out


def div_clamp_to(x, scale):
    import torch
    x = torch.clamp(x.float() / scale.float(), -fp8.E4M3_MAX, fp8.E4M3_MAX).bfloat16().float()
    return torch.from_numpy(fp8.decode_table()[fp8.encode(x.numpy())])


def bmm_fp8(a, b, a_scale, b_scale, dtype=None, out=None):
    import torch
    return (torch.matmul(a.float(), b.float()) * a_scale.flatten()[0] * b_scale.flatten()[0]).to(dtype)


def fixture(ckpt, seed):
    import torch
    from inference.model.dit import dit_module
    dit_module.div_clamp_to = div_clamp_to
    dit_module.bmm_fp8 = bmm_fp8
    folder = os.path.join(ckpt, "magi", "tiny_distill_quant", "inference_weight.fp8.distill")
    state = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".safetensors"):
            state.update(decode_file(os.path.join(folder, name)))
    p = "videodit_blocks.layers.%d." % LAYER
    linears = {"q": (p + "self_attention.linear_qkv.q", dit_module.PerTensorQuantizedFp8Linear),
               "k": (p + "self_attention.linear_qkv.k", dit_module.PerTensorQuantizedFp8Linear),
               "v": (p + "self_attention.linear_qkv.v", dit_module.PerTensorQuantizedFp8Linear),
               "qx": (p + "self_attention.linear_qkv.qx", dit_module.PerTensorQuantizedFp8Linear),
               "fc1": (p + "mlp.linear_fc1", dit_module.PerTensorQuantizedFp8Linear),
               "proj": (p + "self_attention.linear_proj", dit_module.PerChannelQuantizedFp8Linear),
               "fc2": (p + "mlp.linear_fc2", dit_module.PerChannelQuantizedFp8Linear)}
    g = np.random.RandomState(seed)
    out = {}
    with torch.inference_mode():
        for label, (base, cls) in linears.items():
            w = state[base + ".weight"]
            module = cls(w.shape[2], w.shape[1], dtype=torch.float32)
            own = {k[len(base) + 1:]: v for k, v in state.items() if k.startswith(base + ".")}
            missing, unexpected = module.load_state_dict(own, strict=True)
            assert not missing and not unexpected
            # activations of a few units: some beyond 448 input scales, so the clamp is exercised
            x = torch.from_numpy((g.standard_normal((ROWS, w.shape[2])) * 3).astype(np.float32))
            out[label + ".x"] = x.numpy()
            out[label + ".y"] = module(x).float().numpy()
    return out


def mlp24_fixture(ckpt, seed):
    """The reference's own CustomMLP (LayerNorm, fc1, flashinfer's silu_and_mul as reference_harness.py shims it, fc2)
    of tiny24_distill_quant's layer 1, the 24B's gated MLP in fp8: fc1's 2 x ffn_hidden_size rows per-tensor, fc2
    per-channel; float32 modules (params_dtype), inputs some units wide."""
    import torch
    from inference.common import MagiConfig
    from inference.model.dit import dit_module
    dit_module.div_clamp_to = div_clamp_to
    dit_module.bmm_fp8 = bmm_fp8
    config = MagiConfig.from_json(os.path.join(ckpt, "tiny24_distill_quant_config.json"))
    config.model_config.params_dtype = torch.float32
    folder = os.path.join(ckpt, "magi", "tiny24_distill_quant", "inference_weight.fp8.distill")
    state = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".safetensors"):
            state.update(decode_file(os.path.join(folder, name)))
    mlp = dit_module.CustomMLP(config.model_config, config.engine_config, layer_number=LAYER)
    base = "videodit_blocks.layers.%d.mlp." % LAYER
    missing, unexpected = mlp.load_state_dict({k[len(base):]: v for k, v in state.items() if k.startswith(base)},
                                              strict=True)
    assert not missing and not unexpected
    assert isinstance(mlp.linear_fc1, dit_module.PerTensorQuantizedFp8Linear)
    x = torch.from_numpy((np.random.RandomState(seed).standard_normal((ROWS, config.model_config.hidden_size))
                          * 3).astype(np.float32))
    with torch.inference_mode():
        return {"x": x.numpy(), "y": mlp(x).float().numpy()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", default=os.environ.get("MAGI1_REFERENCE"))
    ap.add_argument("--ckpt", default=os.path.join(os.path.dirname(__file__), "..", "..", "ckpt", "tiny-reference"))
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--check", action="store_true", help="compare with the committed fixture, write nothing")
    a = ap.parse_args()
    if not a.reference or not os.path.isdir(os.path.join(a.reference, "inference", "model", "dit")):
        raise SystemExit("--reference (or MAGI1_REFERENCE) must name a checkout of SandAI-org/MAGI-1")
    import torch
    torch.set_num_threads(1)
    if not hasattr(torch, "float8_e4m3fn"):
        torch.float8_e4m3fn = torch.float32  # the parameters hold the codes' values; see the module's docstring
    ckpt = os.path.abspath(a.ckpt)
    os.environ.setdefault("SPECIAL_TOKEN_PATH", os.path.join(ckpt, "assets", "special_tokens.npz"))
    install_shims(os.path.abspath(a.reference))
    for variant, file, make, what in (
            ("tiny_distill_quant", "reference_fp8_linears.safetensors", fixture, "fp8 linears"),
            ("tiny24_distill_quant", "reference_fp8_mlp24.safetensors", mlp24_fixture, "gated fp8 MLP")):
        write_or_check(ckpt, variant, os.path.join(ckpt, "fixtures", file), make(ckpt, a.seed), what, a.check)


def write_or_check(ckpt, variant, path, tensors, what, check):
    if check:
        old, _ = safetensors.load(path)
        worst = max(float(np.max(np.abs(old[k].astype(np.float64) - tensors[k]))) for k in tensors)
        print("%s: largest difference from the committed fixture %.3g" % (path, worst))
        if worst > 1e-5:
            raise SystemExit("the reference's code computes other numbers than the committed fixture")
        return
    about = "SandAI-org/MAGI-1 %s of layer %d, %s %s; reference_fp8.py" % (what, LAYER, variant,
                                                                         weights_digest(ckpt, variant))
    safetensors.save(path, tensors, metadata={"about": about})
    print("%s: %d tensors, %d bytes" % (path, len(tensors), os.path.getsize(path)))


if __name__ == "__main__":
    main()
