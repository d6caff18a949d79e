package studio.magi.engine.magi;

import java.util.Locale;

/**
 * Which attention a DiT pass uses ({@link Attention}): dense while its largest score matrix stays under
 * {@code denseLimitBytes} (nano's passes, a few MB: the fastest way, and the one its fixtures were checked with),
 * tiled above it, in tiles of {@code tile} tokens. The system properties {@value #MODE} ({@code auto}, {@code dense}
 * or {@code tiled}) and {@value #TILE} (tokens per tile) override, read when a model loads.
 */
record AttentionPolicy(Mode mode, int tile, long denseLimitBytes) {
    static final String MODE = "magi.attention";
    static final String TILE = "magi.attention.tile";
    /** 256 MiB of float scores: a 720p chunk's 14 GB is far above, every nano pass far below. */
    static final long DENSE_LIMIT = 256L << 20;
    /** A 1024 x 1024 tile of 24 heads' scores is 100 MB; larger tiles gain little in speed. */
    static final int DEFAULT_TILE = 1024;

    enum Mode { AUTO, DENSE, TILED }

    AttentionPolicy {
        if (tile < 1) {
            throw new IllegalArgumentException("an attention tile holds at least one token, got " + tile);
        }
    }

    static AttentionPolicy automatic() {
        return new AttentionPolicy(Mode.AUTO, DEFAULT_TILE, DENSE_LIMIT);
    }

    static AttentionPolicy tiled(int tile) {
        return new AttentionPolicy(Mode.TILED, tile, DENSE_LIMIT);
    }

    static AttentionPolicy dense() {
        return new AttentionPolicy(Mode.DENSE, DEFAULT_TILE, DENSE_LIMIT);
    }

    static AttentionPolicy fromSystem() {
        String mode = System.getProperty(MODE, "auto").trim().toUpperCase(Locale.ROOT);
        String tile = System.getProperty(TILE, String.valueOf(DEFAULT_TILE)).trim();
        try {
            return new AttentionPolicy(Mode.valueOf(mode), Integer.parseInt(tile), DENSE_LIMIT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + MODE + " is auto, dense or tiled and -D" + TILE
                    + " a number of tokens; got " + System.getProperty(MODE) + " and " + System.getProperty(TILE), e);
        }
    }

    /** Whether a pass whose largest dense score matrix has this many elements goes tiled. */
    boolean tiled(long scoreElements) {
        return mode == Mode.TILED || mode == Mode.AUTO && scoreElements * Float.BYTES > denseLimitBytes;
    }
}
