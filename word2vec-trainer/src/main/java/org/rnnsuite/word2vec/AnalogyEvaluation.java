package org.rnnsuite.word2vec;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.WordVectors;

/**
 * Word-analogy accuracy on Mikolov's {@code questions-words.txt} format, with gensim's
 * {@code KeyedVectors.evaluate_word_analogies} protocol:
 * <ul>
 *   <li>only the first {@code restrict} words of the vectors file are used (candidates and question words);</li>
 *   <li>case-insensitive: words are compared upper-cased, and of two words that differ only in case the more
 *       frequent (earlier) one stands for both;</li>
 *   <li>a line {@code : name} starts a section; a question {@code a b c expected} is answered with 3CosAdd,
 *       {@link WordVectors#mostSimilar(List, List, int, int) mostSimilar([b, c], [a])}, the question words
 *       excluded;</li>
 *   <li>a question with a word outside the restricted vocabulary is skipped and counted; lines that are not four
 *       words are ignored.</li>
 * </ul>
 */
public final class AnalogyEvaluation {
    private static final int BATCH = 256;

    private AnalogyEvaluation() {
    }

    /**
     * One section's score.
     *
     * @param name      section name ({@code capital-common-countries}, …, or {@code Total accuracy})
     * @param correct   questions answered right
     * @param incorrect questions answered wrong (skipped questions are in neither)
     */
    public record Section(String name, int correct, int incorrect) {
        /**
         * @return correct / (correct + incorrect), NaN if no question was answered
         */
        public double accuracy() {
            int n = correct + incorrect;
            return n == 0 ? Double.NaN : (double) correct / n;
        }
    }

    /**
     * The evaluation's result.
     *
     * @param sections  per-section scores in file order
     * @param total     all sections together
     * @param questions well-formed questions in the file
     * @param skipped   questions skipped because a word is outside the restricted vocabulary
     */
    public record Result(List<Section> sections, Section total, int questions, int skipped) {
        /**
         * @return fraction of the questions that were answered (not skipped)
         */
        public double coverage() {
            return questions == 0 ? 0 : (double) (questions - skipped) / questions;
        }
    }

    /**
     * @param vectors   the vectors
     * @param analogies a questions-words file
     * @param restrict  vocabulary restriction (gensim's {@code restrict_vocab}, 300,000 by default there)
     * @return the scores
     * @throws UserException if the file is missing or has a question before its first section line
     */
    public static Result evaluate(WordVectors vectors, Path analogies, int restrict) {
        try (BufferedReader r = Files.newBufferedReader(analogies, StandardCharsets.UTF_8)) {
            return evaluate(vectors, r, analogies.toString(), restrict);
        } catch (NoSuchFileException e) {
            throw new UserException("analogy file " + analogies + " does not exist");
        } catch (IOException e) {
            throw new UserException("cannot read " + analogies + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param vectors  the vectors
     * @param lines    the questions-words text
     * @param name     name used in error messages
     * @param restrict vocabulary restriction
     * @return the scores
     * @throws IOException on a read error
     */
    public static Result evaluate(WordVectors vectors, BufferedReader lines, String name, int restrict)
            throws IOException {
        if (restrict < 1) {
            throw new UserException("--restrict must be at least 1 (got " + restrict + ")");
        }
        int limit = Math.min(restrict, vectors.size());
        Map<String, Integer> okVocab = new HashMap<>();
        for (int i = limit - 1; i >= 0; i--) {
            okVocab.put(upper(vectors.word(i)), i);
        }
        List<String> sectionNames = new ArrayList<>();
        List<int[]> questions = new ArrayList<>(); // a, b, c, expected rows and section index
        int wellFormed = 0;
        int skipped = 0;
        int lineNo = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNo++;
            if (line.startsWith(": ")) {
                sectionNames.add(line.substring(2).strip());
                continue;
            }
            String[] w = line.strip().split("\\s+");
            if (w.length != 4) {
                continue;
            }
            if (sectionNames.isEmpty()) {
                throw new UserException(name + " line " + lineNo + ": question before the first ': section' line");
            }
            wellFormed++;
            Integer a = okVocab.get(upper(w[0]));
            Integer b = okVocab.get(upper(w[1]));
            Integer c = okVocab.get(upper(w[2]));
            Integer e = okVocab.get(upper(w[3]));
            if (a == null || b == null || c == null || e == null) {
                skipped++;
                continue;
            }
            questions.add(new int[] {a, b, c, e, sectionNames.size() - 1});
        }
        if (wellFormed == 0) {
            throw new UserException(name + " holds no analogy questions (': section' lines, then 'a b c d' lines, as "
                    + "questions-words.txt)");
        }
        int[] correct = new int[sectionNames.size()];
        int[] incorrect = new int[sectionNames.size()];
        answer(vectors, limit, questions, correct, incorrect);
        List<Section> sections = new ArrayList<>();
        int tc = 0;
        int ti = 0;
        for (int s = 0; s < sectionNames.size(); s++) {
            sections.add(new Section(sectionNames.get(s), correct[s], incorrect[s]));
            tc += correct[s];
            ti += incorrect[s];
        }
        return new Result(sections, new Section("Total accuracy", tc, ti), wellFormed, skipped);
    }

    /** Scores the questions in batches: one matrix product [batch, D] x [D, limit] per batch. */
    private static void answer(WordVectors vectors, int limit, List<int[]> questions, int[] correct, int[] incorrect) {
        if (questions.isEmpty()) {
            return;
        }
        int d = vectors.dim();
        float[] unit = vectors.unitRows();
        float[] candidates = new float[limit * d];
        System.arraycopy(unit, 0, candidates, 0, limit * d);
        INDArray candT = Nd4j.create(candidates, new long[] {limit, d}, 'c').castTo(DataType.FLOAT).transpose();
        String[] upperWords = new String[limit];
        for (int i = 0; i < limit; i++) {
            upperWords[i] = upper(vectors.word(i));
        }
        for (int start = 0; start < questions.size(); start += BATCH) {
            int n = Math.min(BATCH, questions.size() - start);
            float[] q = new float[n * d];
            for (int k = 0; k < n; k++) {
                int[] t = questions.get(start + k);
                for (int j = 0; j < d; j++) {
                    q[k * d + j] = (unit[t[1] * d + j] + unit[t[2] * d + j] - unit[t[0] * d + j]) / 3f;
                }
            }
            INDArray scores = Nd4j.create(q, new long[] {n, d}, 'c').mmul(candT);
            float[] s = scores.dup('c').data().asFloat();
            for (int k = 0; k < n; k++) {
                int[] t = questions.get(start + k);
                String ua = upperWords[t[0]];
                String ub = upperWords[t[1]];
                String uc = upperWords[t[2]];
                int best = -1;
                float bestScore = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < limit; i++) {
                    float v = s[k * limit + i];
                    if (v > bestScore && i != t[0] && i != t[1] && i != t[2]) {
                        String u = upperWords[i];
                        if (!u.equals(ua) && !u.equals(ub) && !u.equals(uc)) {
                            best = i;
                            bestScore = v;
                        }
                    }
                }
                boolean ok = best >= 0 && upperWords[best].equals(upperWords[t[3]]);
                if (ok) {
                    correct[t[4]]++;
                } else {
                    incorrect[t[4]]++;
                }
            }
        }
    }

    private static String upper(String w) {
        return w.toUpperCase(Locale.ROOT);
    }
}
