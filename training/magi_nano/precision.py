"""bf16 matmuls for the linear layers on CPUs with fast ones (AMX-BF16 or AVX512-BF16); fp32 master weights, norms,
softmax, attention products and the optimizer. torch.autocast on the CPU in PyTorch 1.13 fails on LayerNorm, so
the linears cast their own inputs and weights and return fp32."""
import contextlib

import torch
import torch.nn.functional as F

FAST_BF16_FLAGS = ("amx_bf16", "avx512_bf16")
_fp32_linear = F.linear


def cpu_flags(path="/proc/cpuinfo"):
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def choose(setting, device_type="cpu", flags=None):
    """-> (use bf16 linears, a line saying why) for --bf16 auto|on|off."""
    if setting == "off":
        return False, "fp32 linears (--bf16 off)"
    if device_type != "cpu":
        return False, "fp32 linears on %s (bf16 here is only for CPUs)" % device_type
    if setting == "on":
        return True, "bf16 linears (--bf16 on)"
    fast = sorted(set(FAST_BF16_FLAGS) & (cpu_flags() if flags is None else flags))
    if fast:
        return True, "bf16 linears: this CPU has %s" % ", ".join(fast)
    return False, "fp32 linears: this CPU has neither %s" % " nor ".join(FAST_BF16_FLAGS)


def _bf16_linear(x, weight, bias=None):
    b = None if bias is None else bias.to(torch.bfloat16)
    return _fp32_linear(x.to(torch.bfloat16), weight.to(torch.bfloat16), b).float()


@contextlib.contextmanager
def linears(bf16):
    """Inside: every nn.Linear (and F.linear) computes in bf16 when `bf16` is true."""
    if not bf16:
        yield
        return
    F.linear = _bf16_linear
    try:
        yield
    finally:
        F.linear = _fp32_linear
