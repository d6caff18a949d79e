package studio.magi.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import studio.magi.project.Chunk;
import studio.magi.project.Shot;
import studio.magi.project.ShotSettings;
import studio.magi.project.Take;

/**
 * Content keys of a shot's chunks. A chunk's key folds in everything its frames depend on: its prompt as rendered,
 * its seed, the shot's settings, the model, how many chunks remain (as far as the prompt tells), and the key of the
 * chunk before it, which folds in the shot's start. Change chunk 3 and chunks 3.. get new keys; 0-2 keep theirs.
 */
public final class ChunkKeys {
    /** Bumped when what a key covers changes, so old renders are not taken for new ones. */
    static final String SCHEME = "magi-render-1";

    private ChunkKeys() {
    }

    /**
     * The key of the shot's start: nothing, the digest of the picture or video it starts from, or the key of the last
     * chunk of the shot it continues (which folds in all that shot's chunks).
     */
    public static String startKey(Shot shot, String upstream) {
        return Keys.of(SCHEME + "|start|" + shot.start().kind() + "|" + (upstream == null ? "" : upstream));
    }

    /** The seed the film plays for a chunk: its chosen take's, or its own. */
    public static long seedOf(Chunk chunk) {
        return chunk.chosen().map(Take::seed).orElse(chunk.seed());
    }

    /** Every chunk's key, in order. */
    public static List<String> of(Shot shot, String startKey, RenderModel model) {
        List<String> keys = new ArrayList<>();
        String upstream = startKey;
        for (int i = 0; i < shot.chunks().size(); i++) {
            upstream = key(shot, i, seedOf(shot.chunks().get(i)), upstream, model);
            keys.add(upstream);
        }
        return keys;
    }

    /** The key of chunk {@code index} rendered with {@code seed} after a chunk (or start) whose key is {@code upstream}. */
    public static String key(Shot shot, int index, long seed, String upstream, RenderModel model) {
        ShotSettings s = shot.settings();
        int remaining = Math.min(shot.chunks().size() - index, model.durationTokens());
        return Keys.of(String.join("|", SCHEME, model.digest(), upstream, shot.effectivePrompt(index).strip(),
                Long.toString(seed), Integer.toString(s.steps()), Integer.toString(s.cfgNumber()),
                String.format(Locale.ROOT, "%.4f", s.textGuidance()), String.format(Locale.ROOT, "%.4f", s.historyGuidance()),
                Integer.toString(s.window()), s.model(), Integer.toString(remaining)));
    }
}
