"""A small safetensors reader/writer (no pickle): an 8-byte little-endian header length, a JSON header with
dtype, shape and [begin, end) data offsets per tensor, then the raw little-endian bytes."""
import json
import struct

import numpy as np

DTYPES = {"F32": np.float32, "F64": np.float64, "I64": np.int64, "I32": np.int32, "U8": np.uint8,
          "F8_E4M3": np.uint8, "BOOL": np.bool_, "BF16": np.uint16}
NAMES = {np.dtype(np.float32): "F32", np.dtype(np.float64): "F64", np.dtype(np.int64): "I64",
         np.dtype(np.int32): "I32", np.dtype(np.uint8): "U8", np.dtype(np.bool_): "BOOL"}


def save(path, tensors, metadata=None, dtypes=None):
    """tensors: name -> numpy array (written in name order); dtypes: name -> safetensors dtype override
    (e.g. "F8_E4M3" for uint8 arrays holding e4m3 codes)."""
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name])
        if a.dtype.byteorder == ">":
            a = a.astype(a.dtype.newbyteorder("<"))
        raw = a.tobytes()
        dt = (dtypes or {}).get(name) or NAMES[a.dtype]
        header[name] = {"dtype": dt, "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    hb = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for b in blobs:
            f.write(b)
    import os
    os.replace(path + ".tmp", path)


def load(path):
    """-> (name -> numpy array, metadata dict); e4m3 tensors come back as uint8 codes."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        body = f.read()
    meta = header.pop("__metadata__", {})
    out = {}
    for name, h in header.items():
        b, e = h["data_offsets"]
        out[name] = np.frombuffer(body[b:e], dtype=DTYPES[h["dtype"]]).reshape(h["shape"]).copy()
    return out, meta
