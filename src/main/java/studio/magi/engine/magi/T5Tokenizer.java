package studio.magi.engine.magi;

import ai.djl.sentencepiece.SpProcessor;
import ai.djl.sentencepiece.SpTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The reference's T5 tokenizer (T5Tokenizer on t5-v1_1-xxl's spiece.model): Google's SentencePiece itself, through
 * DJL's binding, gives the pieces' ids; then EOS (1), then padding (0) up to the caption length, truncated so EOS stays.
 *
 * <p>Of the reference's caption cleaning (T5Embedder.clean_caption, applied twice: URLs, HTML, ftfy, quotes, dashes,
 * stray punctuation) only what changes ordinary prompts' ids is done: lower case, trimmed, runs of white space as one.
 */
final class T5Tokenizer implements AutoCloseable {
    static final int PAD = 0;
    static final int EOS = 1;

    private final SpTokenizer sentencePiece;
    private final SpProcessor processor;

    /** Ids [length] and attention mask [length] (1 for the pieces and EOS, 0 for padding). */
    record Tokens(long[] ids, long[] mask) {
    }

    private T5Tokenizer(SpTokenizer sentencePiece) {
        this.sentencePiece = sentencePiece;
        this.processor = sentencePiece.getProcessor();
    }

    /** Reads a spiece.model; one that SentencePiece cannot read is refused in one line. */
    static T5Tokenizer open(Path spieceModel) {
        try {
            return new T5Tokenizer(new SpTokenizer(spieceModel));
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(spieceModel + ": SentencePiece cannot read it as a model (" + e.getMessage()
                    + ")");
        }
    }

    /** The caption as the reference hands it to the tokenizer (see the class comment for what is left out). */
    static String clean(String caption) {
        return caption.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    /** The pieces' ids of the cleaned caption, without EOS. */
    int[] pieces(String caption) {
        return processor.encode(clean(caption));
    }

    /** T5Tokenizer(caption, max_length=length, padding="max_length", truncation=True) as the reference calls it. */
    Tokens encode(String caption, int length) {
        int[] pieces = pieces(caption);
        int n = Math.min(pieces.length, length - 1);
        long[] ids = new long[length];
        long[] mask = new long[length];
        for (int i = 0; i < n; i++) {
            ids[i] = pieces[i];
        }
        ids[n] = EOS;
        Arrays.fill(ids, n + 1, length, PAD);
        Arrays.fill(mask, 0, n + 1, 1L);
        return new Tokens(ids, mask);
    }

    @Override
    public void close() {
        sentencePiece.close();
    }
}
