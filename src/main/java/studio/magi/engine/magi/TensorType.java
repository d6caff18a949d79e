package studio.magi.engine.magi;

import java.util.Arrays;
import java.util.Optional;

/** The element types a safetensors header may name, with their size in bytes. */
public enum TensorType {
    F64(8), F32(4), F16(2), BF16(2), F8_E4M3(1), I64(8), I32(4), U8(1), BOOL(1);

    private final int bytes;

    TensorType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** Whether the values are real numbers (as opposed to integers or truth values). */
    public boolean isFloating() {
        return this == F64 || this == F32 || this == F16 || this == BF16 || this == F8_E4M3;
    }

    static Optional<TensorType> named(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }
}
