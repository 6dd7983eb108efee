package org.rnnsuite.word2vec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tutorial's text normalisation, one line at a time. Tokens are, in this order of precedence:
 * <ol>
 *   <li>a URL ({@code http://…}, {@code https://…}, {@code ftp://…} or {@code www.…} up to the next white space)
 *       → {@value #URL};</li>
 *   <li>a number: digits, optionally grouped or split by {@code . , : /} and followed by letters ({@code 42},
 *       {@code 1,000}, {@code 3.14}, {@code 1:1}, {@code 1990s}, {@code 3rd}) → {@value #NUM};</li>
 *   <li>a word: a letter followed by letters, combining marks or digits, lower-cased ({@code Don't} gives
 *       {@code don} and {@code t}, as in the text8 corpus).</li>
 * </ol>
 * The tokens {@value #NUM}, {@value #URL} and {@value #UNK} themselves are kept as they are, so preprocessed text
 * reads back unchanged. Everything else (punctuation, symbols) separates tokens and is dropped. Words outside the
 * vocabulary become {@value #UNK} later, in {@link Vocabulary#map(String)}.
 */
public final class Tokenizer {
    /** Token that replaces every number. */
    public static final String NUM = "[NUM]";
    /** Token that replaces every URL. */
    public static final String URL = "[URL]";
    /** Token that replaces every word outside the vocabulary. */
    public static final String UNK = "[UNK]";

    private static final Pattern TOKEN = Pattern.compile(
            "(\\[(?:NUM|URL|UNK)\\])"
                    + "|((?i:(?:https?|ftp)://|www\\.)\\S+)"
                    + "|(\\p{Nd}+(?:[.,:/]\\p{Nd}+)*\\p{L}*)"
                    + "|(\\p{L}[\\p{L}\\p{M}\\p{Nd}]*)");

    private Tokenizer() {
    }

    /**
     * @param line a line of raw text
     * @param sink receives each normalised token in order
     */
    public static void tokenize(CharSequence line, Consumer<String> sink) {
        Matcher m = TOKEN.matcher(line);
        while (m.find()) {
            if (m.start(1) >= 0) {
                sink.accept(m.group(1));
            } else if (m.start(2) >= 0) {
                sink.accept(URL);
            } else if (m.start(3) >= 0) {
                sink.accept(NUM);
            } else {
                sink.accept(m.group(4).toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * @param line a line of raw text
     * @return its normalised tokens
     */
    public static List<String> tokenize(CharSequence line) {
        List<String> out = new ArrayList<>();
        tokenize(line, out::add);
        return out;
    }

    /**
     * @param token a token
     * @return true for {@value #NUM}, {@value #URL} and {@value #UNK}
     */
    public static boolean isSpecial(String token) {
        return NUM.equals(token) || URL.equals(token) || UNK.equals(token);
    }
}
