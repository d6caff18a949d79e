"""float8 e4m3 (the "fn" variant: bias 7, no infinities, 0x7f/0xff are NaN, largest finite 448) in numpy."""
import numpy as np

E4M3_MAX = 448.0


def decode_table():
    """The float value of each of the 256 codes."""
    out = np.zeros(256, dtype=np.float32)
    for code in range(256):
        sign = -1.0 if code & 0x80 else 1.0
        exp = (code >> 3) & 0xF
        man = code & 0x7
        if exp == 0xF and man == 0x7:
            out[code] = np.nan
        elif exp == 0:
            out[code] = sign * (man / 8.0) * 2.0 ** -6
        else:
            out[code] = sign * (1.0 + man / 8.0) * 2.0 ** (exp - 7)
    return out


_TABLE = decode_table()
_POS_CODES = np.array([c for c in range(0x7F)], dtype=np.uint8)  # 0x00..0x7e, ascending values
_POS_VALUES = _TABLE[_POS_CODES]


def encode(x):
    """float array -> uint8 e4m3 codes, round to nearest (ties to the even code), saturating at +-448."""
    x = np.asarray(x, dtype=np.float32)
    mag = np.minimum(np.abs(x), E4M3_MAX)
    hi = np.clip(np.searchsorted(_POS_VALUES, mag, side="left"), 0, len(_POS_VALUES) - 1)
    lo = np.clip(hi - 1, 0, len(_POS_VALUES) - 1)
    d_hi = np.abs(_POS_VALUES[hi] - mag)
    d_lo = np.abs(mag - _POS_VALUES[lo])
    pick = np.where(d_lo < d_hi, lo, np.where(d_hi < d_lo, hi, np.where(_POS_CODES[lo] % 2 == 0, lo, hi)))
    codes = _POS_CODES[pick]
    return np.where(x < 0, codes | 0x80, codes).astype(np.uint8)


def quantize(w):
    """-> (codes uint8, scale float32): w ~= decode(codes) * scale, with amax mapped to 448."""
    amax = float(np.max(np.abs(w)))
    scale = np.float32(amax / E4M3_MAX if amax > 0 else 1.0)
    return encode(w / scale), scale


def dequantize(codes, scale):
    return _TABLE[codes] * np.float32(scale)


def to_bf16_bits(x):
    """float32 -> bfloat16 bit patterns (uint16), round to nearest even."""
    b = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32)
    rounded = b + np.uint32(0x7FFF) + ((b >> np.uint32(16)) & np.uint32(1))
    return (rounded >> np.uint32(16)).astype(np.uint16)


def from_bf16_bits(bits):
    return (np.asarray(bits, dtype=np.uint16).astype(np.uint32) << np.uint32(16)).view(np.float32)
