package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * How one DiT pass attends: self-attention of its chunks to themselves and the cached chunks they see, and
 * cross-attention of each chunk to its caption, grouped queries (query head h reads key group h / (heads / groups)),
 * the scale already folded into the queries. Two ways to the same numbers (to float rounding):
 * <ul>
 * <li>dense: one score matrix of every query against every key, masked additively; fastest for small passes, but at
 * 720p one chunk of 12,150 tokens and 24 heads makes 14 GB of scores per layer;</li>
 * <li>tiled (flash attention's online softmax): per tile of queries, a loop over tiles of the keys it sees keeping a
 * running maximum, sum and output, so at most a query tile x key tile of scores exists at once; the block-causal
 * mask becomes which chunks a query chunk reads, so no mask is built at all.</li>
 * </ul>
 */
final class Attention {
    private final NDArray mask;
    private final int[][] sees;
    private final int tile;

    private Attention(NDArray mask, int[][] sees, int tile) {
        this.mask = mask;
        this.sees = sees;
        this.tile = tile;
    }

    /** Dense attention with an additive mask [N, Np + N] (null: every query sees every key). */
    static Attention dense(NDArray mask) {
        return new Attention(mask, null, 0);
    }

    /**
     * Tiled attention: {@code sees[q]} lists the key chunks query chunk q reads, numbered over the cached chunks given
     * to {@link #self} first, then the pass's own chunks; tiles of {@code tile} tokens.
     */
    static Attention tiled(int[][] sees, int tile) {
        if (tile < 1) {
            throw new IllegalArgumentException("an attention tile holds at least one token, got " + tile);
        }
        return new Attention(null, sees, tile);
    }

    boolean isTiled() {
        return sees != null;
    }

    /**
     * q [B, N, H, hd] of K chunks; the pass's keys and values k, v [B, G, N, hd]; the visible cached chunks' keys and
     * values [1, G, T, hd] each, oldest first. Returns [B, N, H * hd].
     */
    NDArray self(NDArray q, NDArray k, NDArray v, List<NDArray> pastK, List<NDArray> pastV, int chunks) {
        long b = q.getShape().get(0);
        long n = q.getShape().get(1);
        int heads = (int) q.getShape().get(2);
        long hd = q.getShape().get(3);
        int g = (int) k.getShape().get(1);
        int rep = heads / g;
        if (!isTiled()) {
            NDArray kk = joined(pastK, k, b);
            NDArray vv = joined(pastV, v, b);
            long nk = kk.getShape().get(2);
            NDArray scores = q.transpose(0, 2, 1, 3).reshape(b, g, rep * n, hd).matMul(kk.transpose(0, 1, 3, 2));
            if (mask != null) {
                scores = scores.reshape(b, g, rep, n, nk).add(mask);
            }
            scores = scores.softmax(-1).reshape(b, g, rep * n, nk);
            return scores.matMul(vv).reshape(b, heads, n, hd).transpose(0, 2, 1, 3).reshape(b, n, heads * hd);
        }
        long t = n / chunks;
        List<Block> keys = new ArrayList<>();
        for (int i = 0; i < pastK.size(); i++) {
            long rows = pastK.get(i).getShape().get(2);
            keys.add(new Block(rowsOf(pastK.get(i), b), rowsOf(pastV.get(i), b), 0, rows));
        }
        for (int c = 0; c < chunks; c++) {
            keys.add(new Block(k, v, c * t, (c + 1) * t));
        }
        NDList out = new NDList();
        for (int c = 0; c < chunks; c++) {
            List<Block> seen = new ArrayList<>();
            for (int key : sees[c]) {
                seen.add(keys.get(key));
            }
            for (long s = c * t; s < (c + 1) * t; s += tile) {
                long e = Math.min(s + tile, (c + 1) * t);
                out.add(queryTile(q, s, e, g, rep, seen, null));
            }
        }
        return concatAndClose(out);
    }

    /**
     * qx [B, N, H, hd] of K chunks (normed, scaled); each chunk's caption keys and values kx, vx [B, K, G, L, hd] and
     * padding bias [B, K, 1, 1, L]. Returns [B, N, H * hd].
     */
    NDArray cross(NDArray qx, NDArray kx, NDArray vx, NDArray bias, int chunks) {
        long b = qx.getShape().get(0);
        long n = qx.getShape().get(1);
        int heads = (int) qx.getShape().get(2);
        long hd = qx.getShape().get(3);
        int g = (int) kx.getShape().get(2);
        int rep = heads / g;
        long t = n / chunks;
        if (!isTiled()) {
            NDArray q = qx.reshape(b, chunks, t, g, rep, hd).transpose(0, 1, 3, 4, 2, 5).reshape(b, chunks, g, rep * t, hd);
            return q.matMul(kx.transpose(0, 1, 2, 4, 3)).add(bias).softmax(-1).matMul(vx)
                    .reshape(b, chunks, g, rep, t, hd).transpose(0, 1, 4, 2, 3, 5).reshape(b, n, heads * hd);
        }
        NDList out = new NDList();
        for (int c = 0; c < chunks; c++) {
            NDIndex chunk = new NDIndex().addAllDim().addIndices(c);
            NDArray kc = kx.get(chunk);
            long len = kc.getShape().get(2);
            List<Block> caption = List.of(new Block(kc, vx.get(chunk), 0, len));
            NDArray bc = bias.get(chunk);
            for (long s = c * t; s < (c + 1) * t; s += tile) {
                out.add(queryTile(qx, s, Math.min(s + tile, (c + 1) * t), g, rep, caption, bc));
            }
        }
        return concatAndClose(out);
    }

    /** Keys or values of a batch-1 cached chunk for B rows. */
    private static NDArray rowsOf(NDArray past, long rows) {
        return past.getShape().get(0) == rows ? past
                : past.broadcast(rows, past.getShape().get(1), past.getShape().get(2), past.getShape().get(3));
    }

    private static NDArray joined(List<NDArray> past, NDArray own, long rows) {
        if (past.isEmpty()) {
            return own;
        }
        NDArray[] parts = new NDArray[past.size() + 1];
        for (int i = 0; i < past.size(); i++) {
            parts[i] = rowsOf(past.get(i), rows);
        }
        parts[past.size()] = own;
        return Ops.concat(2, parts);
    }

    /** Rows [start, end) of the keys and values k, v [B, G, Nk, hd]. */
    record Block(NDArray k, NDArray v, long start, long end) {
    }

    /** Queries s..e of q [B, N, H, hd] against the blocks; [B, e - s, H * hd], in no scope (the caller closes it). */
    private NDArray queryTile(NDArray q, long s, long e, int g, int rep, List<Block> blocks, NDArray bias) {
        long b = q.getShape().get(0);
        long hd = q.getShape().get(3);
        long rows = e - s;
        try (NDScope scope = new NDScope()) {
            NDArray qt = q.get(new NDIndex().addAllDim().addSliceDim(s, e)).transpose(0, 2, 1, 3)
                    .reshape(b, g, rep * rows, hd);
            NDArray o = online(qt, blocks, bias, tile).reshape(b, (long) g * rep, rows, hd).transpose(0, 2, 1, 3)
                    .reshape(b, rows, g * rep * hd);
            NDScope.unregister(o);
            return o;
        }
    }

    /**
     * softmax(q k^T + bias) v over the blocks' keys in tiles, flash attention's way: q [..., R, hd], the blocks' k and
     * v [..., Nk, hd], bias [..., 1, K] over the K keys the blocks hold, in their order, or null. Per tile: the scores, their row maximum m' = max(m, max s), the old
     * sum and output rescaled by exp(m - m'), exp(s - m') added to the sum and exp(s - m') v to the output; at the end
     * the output divided by the sum. Only one tile's scores live at a time.
     */
    static NDArray online(NDArray q, List<Block> blocks, NDArray bias, int tile) {
        NDArray max = null;
        NDArray sum = null;
        NDArray acc = null;
        long offset = 0;
        for (Block block : blocks) {
            for (long s = block.start(); s < block.end(); offset += Math.min(tile, block.end() - s), s += tile) {
                long e = Math.min(s + tile, block.end());
                NDIndex rows = new NDIndex().addEllipseDim().addSliceDim(s, e).addAllDim();
                NDArray[] next;
                try (NDScope scope = new NDScope()) {
                    NDArray scores = q.matMul(block.k().get(rows).swapAxes(-1, -2));
                    if (bias != null) {
                        scores = scores.add(bias.get(new NDIndex().addEllipseDim().addSliceDim(offset, offset + e - s)));
                    }
                    NDArray tileMax = scores.max(new int[] {-1}, true);
                    NDArray newMax = max == null ? tileMax : max.maximum(tileMax);
                    NDArray p = scores.sub(newMax).exp();
                    NDArray pv = p.matMul(block.v().get(rows));
                    NDArray tileSum = p.sum(new int[] {-1}, true);
                    if (max == null) {
                        next = new NDArray[] {newMax, tileSum, pv};
                    } else {
                        NDArray rescale = max.sub(newMax).exp();
                        next = new NDArray[] {newMax, sum.mul(rescale).add(tileSum), acc.mul(rescale).add(pv)};
                    }
                    NDScope.unregister(next);
                }
                if (max != null) {
                    max.close();
                    sum.close();
                    acc.close();
                }
                max = next[0];
                sum = next[1];
                acc = next[2];
            }
        }
        if (acc == null) {
            throw new IllegalArgumentException("attention over no keys");
        }
        NDArray out = acc.div(sum);
        max.close();
        sum.close();
        acc.close();
        return out;
    }

    private static NDArray concatAndClose(NDList tiles) {
        NDArray all = tiles.size() == 1 ? tiles.get(0).duplicate() : Ops.concat(1, tiles.toArray(new NDArray[0]));
        tiles.forEach(NDArray::close);
        return all;
    }
}
