import numpy as np

from magi_nano import fp8, pngio, safetensors


def test_safetensors_round_trip_keeps_names_shapes_dtypes_and_bytes(tmp_path):
    t = {"a.weight": np.arange(12, dtype=np.float32).reshape(3, 4), "b": np.array([1, 2], dtype=np.int64),
         "codes": np.array([1, 200], dtype=np.uint8), "half": fp8.to_bf16_bits(np.array([1.5, -2.0], np.float32))}
    p = str(tmp_path / "x.safetensors")
    safetensors.save(p, t, metadata={"format": "pt"}, dtypes={"codes": "F8_E4M3", "half": "BF16"})
    back, meta = safetensors.load(p)
    assert meta == {"format": "pt"}
    for k in t:
        assert back[k].shape == t[k].shape and np.array_equal(back[k].view(t[k].dtype), t[k])
    raw = open(p, "rb").read()
    n = int.from_bytes(raw[:8], "little")
    assert (8 + n) % 8 == 0 and b'"F8_E4M3"' in raw[8:8 + n] and b'"BF16"' in raw[8:8 + n]


def test_e4m3_codes_round_trip_and_round_to_nearest():
    table = fp8.decode_table()
    finite = [c for c in range(256) if not np.isnan(table[c])]
    assert np.array_equal(fp8.encode(table[finite]), np.array(finite, dtype=np.uint8)) or \
        np.allclose(table[fp8.encode(table[finite])], table[finite])
    assert table[fp8.encode(np.array([1000.0]))][0] == 448.0
    assert table[fp8.encode(np.array([1.0 + 1 / 16]))][0] == 1.0  # tie between 1.0 and 1.125 goes to even
    assert np.isnan(table[0x7F]) and np.isnan(table[0xFF])


def test_quantized_weights_stay_close():
    w = np.random.RandomState(0).randn(64, 64).astype(np.float32)
    codes, scale = fp8.quantize(w)
    err = np.abs(fp8.dequantize(codes, scale) - w).max()
    assert err < 0.07 * np.abs(w).max()


def test_bf16_round_trip():
    x = np.array([1.0, -3.25, 1e-3, 123456.0], dtype=np.float32)
    y = fp8.from_bf16_bits(fp8.to_bf16_bits(x))
    assert np.allclose(x, y, rtol=1 / 128)


def test_png_round_trip(tmp_path):
    img = np.random.RandomState(1).randint(0, 256, (7, 5, 3)).astype(np.uint8)
    pngio.write(str(tmp_path / "a.png"), img)
    assert np.array_equal(pngio.read(str(tmp_path / "a.png")), img)
