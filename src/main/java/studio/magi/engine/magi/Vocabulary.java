package studio.magi.engine.magi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text encoder's words. A chunk's prompt becomes {@code <hq> <dur_N> word word ... <pad>...}, N the chunks left
 * in the video (capped at the largest duration token); a word the model does not know becomes {@code <unk>}.
 */
public final class Vocabulary {
    private static final Pattern WORD = Pattern.compile("[a-z0-9]+");
    /** {@code <hq> <dur_N>}: the tokens before a prompt's words. */
    private static final int LEADING_TOKENS = 2;

    private final List<String> tokens;
    private final Map<String, Integer> index = new HashMap<>();
    private final int pad;
    private final int unk;
    private final int hq;
    private final int maxDuration;

    Vocabulary(List<String> special, List<String> words, Path file) {
        tokens = new ArrayList<>(special);
        tokens.addAll(words);
        for (int i = 0; i < tokens.size(); i++) {
            index.putIfAbsent(tokens.get(i), i);
        }
        pad = required("<pad>", file);
        unk = required("<unk>", file);
        hq = required("<hq>", file);
        maxDuration = special.stream().filter(t -> t.startsWith("<dur_") && t.endsWith(">"))
                .mapToInt(t -> parseDuration(t, file)).max()
                .orElseThrow(() -> new CheckpointException(file + ": special_tokens has no <dur_N> token"));
        for (int n = 1; n <= maxDuration; n++) {
            required("<dur_" + n + ">", file);
        }
    }

    /** The largest chunks-remaining count a duration token says. */
    public int maxDuration() {
        return maxDuration;
    }

    public static Vocabulary read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such file");
        } catch (IOException e) {
            throw new CheckpointException(file + ": not a readable vocabulary (" + e.getMessage() + ")", e);
        }
        return new Vocabulary(texts(root, "special_tokens", file), texts(root, "words", file), file);
    }

    private static List<String> texts(JsonNode root, String key, Path file) {
        JsonNode list = root == null ? null : root.get(key);
        if (list == null || !list.isArray()) {
            throw new CheckpointException(file + " lacks the list '" + key + "'");
        }
        List<String> out = new ArrayList<>();
        list.forEach(n -> {
            if (!n.isTextual()) {
                throw new CheckpointException(file + ": " + key + " holds " + n + ", not a word");
            }
            out.add(n.asText());
        });
        return out;
    }

    private int required(String token, Path file) {
        Integer i = index.get(token);
        if (i == null) {
            throw new CheckpointException(file + ": special_tokens lacks " + token);
        }
        return i;
    }

    private static int parseDuration(String token, Path file) {
        try {
            return Integer.parseInt(token.substring(5, token.length() - 1));
        } catch (NumberFormatException e) {
            throw new CheckpointException(file + ": bad duration token " + token);
        }
    }

    public int size() {
        return tokens.size();
    }

    /** The words of a prompt as the tokenizer sees them: lower case letters and digits. */
    public static List<String> words(String prompt) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(prompt.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** The words of the prompt that the model does not know, in order, each once. */
    public List<String> unknown(String prompt) {
        return words(prompt).stream().filter(w -> !index.containsKey(w)).distinct().toList();
    }

    /**
     * How the text encoder reads a prompt in {@code length} tokens: how many of its words there are and how many fit
     * (the rest is cut off), whether one of those is a word the model knows, and the words it does not know.
     */
    public Reading read(String prompt, int length) {
        List<String> words = words(prompt);
        List<String> fit = words.subList(0, Math.min(words.size(), Math.max(0, length - LEADING_TOKENS)));
        return new Reading(words.size(), fit.size(), fit.stream().anyMatch(index::containsKey), unknown(prompt));
    }

    /** What {@link #read} finds. */
    public record Reading(int words, int wordsRead, boolean anyKnown, List<String> unknown) {
        public Reading {
            unknown = List.copyOf(unknown);
        }
    }

    /** Token ids and the attention mask (1 for tokens, 0 for padding) of the given length; longer prompts are cut. */
    public Tokens encode(String prompt, int remaining, int length) {
        List<Integer> ids = new ArrayList<>();
        ids.add(hq);
        ids.add(index.get("<dur_" + Math.max(1, Math.min(remaining, maxDuration)) + ">"));
        for (String w : words(prompt)) {
            ids.add(index.getOrDefault(w, unk));
        }
        long[] out = new long[length];
        float[] mask = new float[length];
        for (int i = 0; i < length; i++) {
            boolean token = i < ids.size();
            out[i] = token ? ids.get(i) : pad;
            mask[i] = token ? 1f : 0f;
        }
        return new Tokens(out, mask);
    }

    /** One prompt's token ids and mask. */
    public record Tokens(long[] ids, float[] mask) {
        public Tokens {
            ids = ids.clone();
            mask = mask.clone();
        }

        @Override
        public long[] ids() {
            return ids.clone();
        }

        @Override
        public float[] mask() {
            return mask.clone();
        }
    }
}
