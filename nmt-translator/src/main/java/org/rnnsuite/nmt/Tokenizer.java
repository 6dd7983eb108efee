package org.rnnsuite.nmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word tokenisation for both languages: lower case, punctuation split into tokens of its own, words keep inner
 * hyphens and apostrophes ({@code peut-être}, {@code don't}, {@code aujourd'hui}); in French the elisions
 * {@code j' l' d' qu' n' c' m' s' t'} (and {@code jusqu' lorsqu' puisqu' quoiqu'}) become tokens of their own that
 * keep the apostrophe: {@code "J'ai l'habitude."} → {@code j' ai l' habitude .}. Tokenising the space-joined
 * tokens again gives the same tokens, so tokenised files can be read back with the same function.
 */
public final class Tokenizer {
    /** The French elided words (without their apostrophe). */
    public static final Set<String> FRENCH_ELISIONS =
            Set.of("j", "l", "d", "qu", "n", "c", "m", "s", "t", "jusqu", "lorsqu", "puisqu", "quoiqu");

    /** A word (letters, digits, inner hyphens, apostrophes, or decimal points and commas between digits), an
     * optional trailing apostrophe; or any other single visible character. */
    private static final Pattern TOKEN = Pattern.compile(
            "[\\p{L}\\p{N}\\p{M}]+(?:(?:['\\-]|(?<=\\p{N})[.,](?=\\p{N}))[\\p{L}\\p{N}\\p{M}]+)*'?|\\S");

    private Tokenizer() {
    }

    /**
     * @param text an English sentence
     * @return its tokens, lower case
     */
    public static List<String> english(String text) {
        return tokenize(text, false);
    }

    /**
     * @param text a French sentence
     * @return its tokens, lower case, elisions split off
     */
    public static List<String> french(String text) {
        return tokenize(text, true);
    }

    /**
     * @param text   a sentence
     * @param french true to split French elisions
     * @return its tokens
     */
    public static List<String> tokenize(String text, boolean french) {
        String s = normalise(text);
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            String tok = m.group();
            if (tok.length() == 1 || !Character.isLetterOrDigit(tok.codePointAt(0))) {
                out.add(tok);
                continue;
            }
            String trailing = "";
            if (tok.endsWith("'")) {
                String stem = tok.substring(0, tok.length() - 1);
                if (french && FRENCH_ELISIONS.contains(stem)) {
                    out.add(tok);
                    continue;
                }
                tok = stem;
                trailing = "'";
            }
            if (french) {
                splitElisions(tok, out);
            } else {
                out.add(tok);
            }
            if (!trailing.isEmpty()) {
                out.add(trailing);
            }
        }
        return out;
    }

    private static void splitElisions(String word, List<String> out) {
        String rest = word;
        while (true) {
            int apo = rest.indexOf('\'');
            if (apo <= 0 || apo == rest.length() - 1 || !FRENCH_ELISIONS.contains(rest.substring(0, apo))) {
                out.add(rest);
                return;
            }
            out.add(rest.substring(0, apo + 1));
            rest = rest.substring(apo + 1);
        }
    }

    /**
     * @param text raw text
     * @return the text in lower case, typographic apostrophes as {@code '}, all kinds of spaces as a plain space
     */
    static String normalise(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        s = s.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u02bc', '\'');
        s = s.replace('\u00a0', ' ').replace('\u202f', ' ').replace('\u2009', ' ').replace('\t', ' ');
        return s;
    }

    /**
     * Joins French tokens into readable text: an elided word is glued to the next word ({@code j' ai} →
     * {@code j'ai}), everything else is separated by one space.
     *
     * @param tokens French tokens
     * @return the sentence
     */
    public static String detokenizeFrench(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        boolean glue = false;
        for (String t : tokens) {
            if (sb.length() > 0 && !glue) {
                sb.append(' ');
            }
            sb.append(t);
            glue = t.endsWith("'") && FRENCH_ELISIONS.contains(t.substring(0, t.length() - 1));
        }
        return sb.toString();
    }
}
