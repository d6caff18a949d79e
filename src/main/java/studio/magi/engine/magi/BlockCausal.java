package studio.magi.engine.magi;

import java.util.ArrayList;
import java.util.List;

/**
 * Which chunks a chunk of a pass attends to: itself and the chunks before it within its kv range, from the pass or
 * the cache; as an additive mask for dense attention, or as lists of chunks for tiled attention.
 */
final class BlockCausal {
    /** The additive value of a masked position: exp(-1e9 - max) is 0 in float. */
    static final float MASKED = -1e9f;

    private BlockCausal() {
    }

    /** The additive block-causal mask [K * T, (P + K) * T] of a pass (P cached chunks before its K chunks). */
    static float[] mask(int[] numbers, int[] ranges, int[] pastNumbers, int tokensPerChunk) {
        int kc = numbers.length;
        int all = pastNumbers.length + kc;
        int nk = all * tokensPerChunk;
        float[] mask = new float[kc * tokensPerChunk * nk];
        for (int q = 0; q < kc; q++) {
            for (int k = 0; k < all; k++) {
                int key = k < pastNumbers.length ? pastNumbers[k] : numbers[k - pastNumbers.length];
                if (!sees(key, numbers[q], ranges[q])) {
                    for (int i = 0; i < tokensPerChunk; i++) {
                        int row = (q * tokensPerChunk + i) * nk + k * tokensPerChunk;
                        java.util.Arrays.fill(mask, row, row + tokensPerChunk, MASKED);
                    }
                }
            }
        }
        return mask;
    }

    /** Whether a chunk of that number, seeing {@code range} chunks (itself included), sees chunk {@code key}. */
    static boolean sees(int key, int number, int range) {
        return key <= number && number - key < range;
    }

    /** For each chunk of a pass, the key chunks it sees, numbered over the cached chunks first, then the pass's. */
    static int[][] seenChunks(int[] numbers, int[] ranges, int[] pastNumbers) {
        int[][] out = new int[numbers.length][];
        for (int q = 0; q < numbers.length; q++) {
            List<Integer> seen = new ArrayList<>();
            for (int k = 0; k < pastNumbers.length + numbers.length; k++) {
                int key = k < pastNumbers.length ? pastNumbers[k] : numbers[k - pastNumbers.length];
                if (sees(key, numbers[q], ranges[q])) {
                    seen.add(k);
                }
            }
            out[q] = seen.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** What a pass's mask depends on: the chunks' places relative to the first, their ranges, the chunk size. */
    static List<Integer> layout(int[] numbers, int[] ranges, int[] pastNumbers, int tokensPerChunk) {
        int origin = numbers[0];
        List<Integer> key = new ArrayList<>();
        key.add(tokensPerChunk);
        key.add(numbers.length);
        for (int i = 0; i < numbers.length; i++) {
            key.add(numbers[i] - origin);
            key.add(ranges[i]);
        }
        for (int p : pastNumbers) {
            key.add(p - origin);
        }
        return key;
    }

    /** How many of the oldest cached chunks no chunk of the pass can see (they are left out of its attention). */
    static int hiddenChunks(int[] pastNumbers, int[] numbers, int[] ranges) {
        int firstSeen = Integer.MAX_VALUE;
        for (int q = 0; q < numbers.length; q++) {
            firstSeen = Math.min(firstSeen, numbers[q] - ranges[q] + 1);
        }
        int skip = 0;
        while (skip < pastNumbers.length && pastNumbers[skip] < firstSeen) {
            skip++;
        }
        return skip;
    }
}
