package studio.magi.engine.magi;

import java.util.Arrays;

/** One tensor of a safetensors file as its header describes it; begin and end are offsets into the data. */
public record TensorEntry(String name, TensorType type, long[] shape, long begin, long end) {
    public TensorEntry {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorEntry e && e.name.equals(name) && e.type == type && Arrays.equals(e.shape, shape)
                && e.begin == begin && e.end == end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
}
