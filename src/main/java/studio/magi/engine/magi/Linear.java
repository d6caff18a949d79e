package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * A product x W^T (+ b) with a weight [out, in] as the engine holds it: float32, or a bf16 tensor's stored bytes
 * widened on use ({@link Bf16Weight}). Which one is the checkpoint's: a tensor is held in its own precision.
 */
interface Linear {
    NDArray apply(NDArray x);

    NDArray apply(NDArray x, NDArray bias);

    /** A float32 weight [rows, cols] (any stored type but bf16 is widened on loading), or a bf16 one as stored. */
    static Linear load(WeightFile w, String name, int rows, int cols, NDManager m, NDArray bf16Table) {
        return Bf16Weight.stored(w, name) ? Bf16Weight.load(w, name, rows, cols, bf16Table)
                : new Floats(Ops.floats(m, w.floats(name, rows, cols), rows, cols));
    }

    /** The weights' rows one after another: one product for what were several. */
    static Linear stack(List<Linear> parts) {
        if (parts.stream().allMatch(p -> p instanceof Bf16Weight)) {
            return Bf16Weight.stack(parts.stream().map(p -> (Bf16Weight) p).toList());
        }
        NDList weights = new NDList();
        for (Linear p : parts) {
            if (!(p instanceof Floats f)) {
                throw new IllegalArgumentException("stacked weights are held in different precisions");
            }
            weights.add(f.weight());
        }
        return new Floats(NDArrays.concat(weights, 0));
    }

    /** A float32 weight. */
    record Floats(NDArray weight) implements Linear {
        @Override
        public NDArray apply(NDArray x) {
            return Ops.linear(x, weight, null);
        }

        @Override
        public NDArray apply(NDArray x, NDArray bias) {
            return Ops.linear(x, weight, bias);
        }
    }
}
