package studio.magi.engine;

import java.util.Arrays;

/** A chunk's clean latent, kept so a later render can start from it (the chunk's place in the history). */
public final class Latent {
    private final long[] shape;
    private final float[] values;

    public Latent(long[] shape, float[] values) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("a latent of shape " + Arrays.toString(shape) + " has " + n + " values, got "
                    + values.length);
        }
        this.shape = shape.clone();
        this.values = values.clone();
    }

    public long[] shape() {
        return shape.clone();
    }

    public float[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Latent l && Arrays.equals(l.shape, shape) && Arrays.equals(l.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }
}
