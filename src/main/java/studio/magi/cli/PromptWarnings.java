package studio.magi.cli;

import java.io.PrintWriter;
import java.util.List;
import studio.magi.engine.magi.MagiModel;
import studio.magi.engine.magi.Vocabulary;

/**
 * Says where the model cannot read a prompt as written: words it does not know (read as unknown), a prompt with no
 * word it knows (it reads as empty), words past its caption length (not read at all). Without these a 20,000-word
 * prompt and its first 22 words make the same video, and nothing says so.
 */
final class PromptWarnings {
    /** Unknown words named in one warning; the rest are counted. */
    private static final int NAMED = 12;
    /** The last words read, shown where a prompt is cut off. */
    private static final int TAIL = 4;

    private PromptWarnings() {
    }

    static void print(MagiModel model, List<String> prompts, PrintWriter err) {
        for (int i = 0; i < prompts.size(); i++) {
            String prompt = prompts.get(i);
            Vocabulary.Reading r = model.reading(prompt);
            String which = "prompt " + (i + 1);
            if (r.words() == 0 && !prompt.isBlank()) {
                err.println("magi: warning: " + which + " has no word the model reads (it reads letters a-z and digits);"
                        + " it reads as an empty prompt");
            } else if (r.words() > 0 && !r.anyKnown()) {
                err.println("magi: warning: " + which + " has no word the model knows (" + named(r.unknown())
                        + "); it reads as an empty prompt");
            } else if (!r.unknown().isEmpty()) {
                err.println("magi: warning: " + which + " has words the model does not know (read as unknown): "
                        + named(r.unknown()));
            }
            if (r.wordsRead() < r.words()) {
                List<String> read = Vocabulary.words(prompt).subList(0, r.wordsRead());
                err.println("magi: warning: " + which + " has " + r.words() + " words; the model reads its first "
                        + r.wordsRead() + ", up to \"" + (read.size() > TAIL ? "..." : "")
                        + String.join(" ", read.subList(Math.max(0, read.size() - TAIL), read.size())) + "\", and not the rest");
            }
        }
    }

    private static String named(List<String> words) {
        String shown = String.join(", ", words.subList(0, Math.min(NAMED, words.size())));
        return words.size() <= NAMED ? shown : shown + " and " + (words.size() - NAMED) + " more";
    }
}
