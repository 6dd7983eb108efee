package org.rnnsuite.nmt;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.UserException;

/**
 * The data side of the translator as small static functions: reading the pair file, the length filter, the split
 * that never shares an English sentence between training and test, and the tutorial's transforms — the source is
 * fed <em>reversed</em>, the decoder input is {@code <go>} + target (teacher forcing) and the decoder labels are
 * target + {@code <eos>} — with right padding and the masks that make variable lengths exact.
 */
public final class NmtData {
    /** Largest share of malformed lines accepted in a pair file. */
    public static final double MAX_MALFORMED_FRACTION = 0.01;

    private NmtData() {
    }

    /**
     * The pairs read from a file.
     *
     * @param pairs     the tokenised pairs, in file order
     * @param lines     non-blank lines read
     * @param malformed lines skipped (no tab, or an empty side)
     */
    public record PairFile(List<SentencePair> pairs, int lines, int malformed) {
    }

    /**
     * A train/test split.
     *
     * @param train training pairs
     * @param test  held-out pairs; no English sentence of these occurs in {@code train}
     */
    public record Split(List<SentencePair> train, List<SentencePair> test) {
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads {@code english<TAB>french[<TAB>anything]} lines and tokenises them. Blank lines are ignored; lines
     * without a tab or with an empty side are skipped and counted.
     *
     * @param file the TSV file
     * @return the pairs
     * @throws UserException if the file is missing, empty, has no tab at all, or more than 1 % malformed lines
     */
    public static PairFile readPairs(Path file) {
        List<String> lines;
        if (Files.isDirectory(file)) {
            throw new UserException(file + " is a directory, not a pair file");
        }
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserException("no such pair file: " + file);
        } catch (CharacterCodingException e) {
            throw new UserException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + UserException.reason(e), e);
        }
        return parsePairs(lines, file.toString());
    }

    /**
     * @param lines  the lines of a pair file
     * @param source the file name, for messages
     * @return the pairs
     * @throws UserException as {@link #readPairs}
     */
    public static PairFile parsePairs(List<String> lines, String source) {
        List<SentencePair> pairs = new ArrayList<>();
        int nonBlank = 0;
        int malformed = 0;
        int withTab = 0;
        int firstBad = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            nonBlank++;
            String[] cells = line.split("\t", -1);
            if (cells.length >= 2) {
                withTab++;
            }
            List<String> en = cells.length >= 2 ? Tokenizer.english(cells[0]) : List.of();
            List<String> fr = cells.length >= 2 ? Tokenizer.french(cells[1]) : List.of();
            if (en.isEmpty() || fr.isEmpty()) {
                malformed++;
                if (firstBad < 0) {
                    firstBad = i + 1;
                }
                continue;
            }
            pairs.add(new SentencePair(en, fr));
        }
        if (nonBlank == 0) {
            throw new UserException(source + " is empty: expected lines english<TAB>french");
        }
        if (withTab == 0) {
            throw new UserException(source + " has no tab-separated pairs: expected lines english<TAB>french");
        }
        if (malformed > MAX_MALFORMED_FRACTION * nonBlank) {
            throw new UserException(String.format(Locale.ROOT,
                    "%s: %d of %d lines (%.1f %%) are malformed (no tab or an empty side; first at line %d), "
                            + "more than the 1 %% tolerated", source, malformed, nonBlank, 100.0 * malformed / nonBlank,
                    firstBad));
        }
        return new PairFile(pairs, nonBlank, malformed);
    }

    /**
     * Writes pairs as tokenised TSV (tokens joined by spaces), atomically.
     *
     * @param file  the file to write
     * @param pairs the pairs
     */
    public static void writePairs(Path file, List<SentencePair> pairs) {
        StringBuilder sb = new StringBuilder();
        for (SentencePair p : pairs) {
            sb.append(p.toTsv()).append('\n');
        }
        org.rnnsuite.common.AtomicFiles.writeString(file, sb.toString());
    }

    /**
     * @param pairs     pairs
     * @param maxLength the largest number of tokens allowed on each side ({@code --max-length})
     * @return the pairs whose two sides have at most {@code maxLength} tokens, in order
     */
    public static List<SentencePair> filterByLength(List<SentencePair> pairs, int maxLength) {
        return pairs.stream().filter(p -> p.english().size() <= maxLength && p.french().size() <= maxLength).toList();
    }

    // ---------------------------------------------------------------- split

    /**
     * Splits by English sentence: all the pairs that share an English sentence (Tatoeba often lists several
     * translations of one sentence) go to the same side, so the test sentences are never seen in training.
     * Deterministic for a given seed and input.
     *
     * @param pairs     the pairs
     * @param testPairs about this many pairs go to the test side (whole groups are added until it is reached)
     * @param seed      shuffling seed
     * @return the split, each side in input order
     */
    public static Split splitByCount(List<SentencePair> pairs, int testPairs, long seed) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            groups.computeIfAbsent(pairs.get(i).englishKey(), k -> new ArrayList<>()).add(i);
        }
        List<String> keys = new ArrayList<>(groups.keySet());
        Collections.sort(keys);
        Collections.shuffle(keys, new Random(seed));
        boolean[] test = new boolean[pairs.size()];
        int n = 0;
        for (String k : keys) {
            if (n >= testPairs) {
                break;
            }
            for (int i : groups.get(k)) {
                test[i] = true;
                n++;
            }
        }
        List<SentencePair> tr = new ArrayList<>();
        List<SentencePair> te = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            (test[i] ? te : tr).add(pairs.get(i));
        }
        return new Split(tr, te);
    }

    /**
     * @param pairs        the pairs
     * @param testFraction share of the pairs held out, in (0, 1) ({@code --test-fraction})
     * @param seed         shuffling seed
     * @return the split (see {@link #splitByCount})
     */
    public static Split splitByFraction(List<SentencePair> pairs, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new UserException("--test-fraction must be in (0, 1), got " + testFraction);
        }
        return splitByCount(pairs, (int) Math.round(testFraction * pairs.size()), seed);
    }

    /**
     * Uses a given test set and removes from the training pairs every pair whose English sentence is in it.
     *
     * @param train training pairs
     * @param test  test pairs
     * @return the split
     */
    public static Split withTestSet(List<SentencePair> train, List<SentencePair> test) {
        Set<String> held = new HashSet<>();
        for (SentencePair p : test) {
            held.add(p.englishKey());
        }
        return new Split(train.stream().filter(p -> !held.contains(p.englishKey())).toList(), List.copyOf(test));
    }

    // ---------------------------------------------------------------- transforms

    /**
     * @param tokens a sentence
     * @param <T>    token type
     * @return the sentence reversed ("i drink milk" → "milk drink i")
     */
    public static <T> List<T> reversed(List<T> tokens) {
        List<T> r = new ArrayList<>(tokens);
        Collections.reverse(r);
        return r;
    }

    /**
     * @param target the French tokens
     * @return the decoder input: {@code <go>} followed by the target (teacher forcing)
     */
    public static List<String> decoderInput(List<String> target) {
        List<String> r = new ArrayList<>(target.size() + 1);
        r.add(Vocabulary.GO);
        r.addAll(target);
        return r;
    }

    /**
     * @param target the French tokens
     * @return the decoder labels: the target followed by {@code <eos>}
     */
    public static List<String> decoderLabels(List<String> target) {
        List<String> r = new ArrayList<>(target);
        r.add(Vocabulary.EOS);
        return r;
    }

    /**
     * Right-pads id sequences into a {@code [batch, 1, T]} index array with {@link Vocabulary#PAD_ID}, and the
     * matching {@code [batch, T]} mask (1 on real steps, 0 on padding).
     *
     * @param sequences id sequences, each non-empty
     * @return {ids, mask}
     */
    public static INDArray[] padded(List<int[]> sequences) {
        int b = sequences.size();
        int t = sequences.stream().mapToInt(s -> s.length).max().orElse(0);
        if (t == 0) {
            throw new IllegalArgumentException("cannot pad empty sequences");
        }
        float[] ids = new float[b * t];
        float[] mask = new float[b * t];
        for (int i = 0; i < b; i++) {
            int[] s = sequences.get(i);
            for (int j = 0; j < s.length; j++) {
                ids[i * t + j] = s[j];
                mask[i * t + j] = 1f;
            }
        }
        return new INDArray[] {
            Nd4j.create(ids, new long[] {b, 1, t}, 'c'),
            Nd4j.create(mask, new long[] {b, t}, 'c')
        };
    }

    /**
     * @param english English tokens
     * @param vocab   the English vocabulary
     * @return the encoder input ids: the sentence reversed
     */
    public static int[] sourceIds(List<String> english, Vocabulary vocab) {
        return vocab.ids(reversed(english));
    }

    /**
     * Builds one training batch: features {@code [reversed source, <go> + target]} ({@code [batch, 1, T]} index
     * arrays), their masks, labels {@code target + <eos>} as sparse class indices {@code [batch, 1, T]} and the
     * labels mask (equal to the decoder-input mask: both have one step more than the target).
     *
     * @param pairs pairs, each side non-empty
     * @param src   English vocabulary
     * @param tgt   French vocabulary
     * @return the batch
     */
    public static MultiDataSet batch(List<SentencePair> pairs, Vocabulary src, Vocabulary tgt) {
        List<int[]> s = new ArrayList<>();
        List<int[]> din = new ArrayList<>();
        List<int[]> lab = new ArrayList<>();
        for (SentencePair p : pairs) {
            s.add(sourceIds(p.english(), src));
            din.add(tgt.ids(decoderInput(p.french())));
            lab.add(tgt.ids(decoderLabels(p.french())));
        }
        INDArray[] sp = padded(s);
        INDArray[] dp = padded(din);
        INDArray[] lp = padded(lab);
        return new MultiDataSet(new INDArray[] {sp[0], dp[0]}, new INDArray[] {lp[0]},
                new INDArray[] {sp[1], dp[1]}, new INDArray[] {lp[1]});
    }

    /**
     * @param pairs pairs
     * @return the number of decoder labels (target tokens + {@code <eos>}) in them
     */
    public static long targetTokens(Collection<SentencePair> pairs) {
        long n = 0;
        for (SentencePair p : pairs) {
            n += p.french().size() + 1;
        }
        return n;
    }

    /**
     * @param pairs pairs
     * @param seed  shuffle seed
     * @return a shuffled copy
     */
    public static List<SentencePair> shuffled(List<SentencePair> pairs, long seed) {
        List<SentencePair> r = new ArrayList<>(pairs);
        Collections.shuffle(r, new Random(seed));
        return r;
    }

    /**
     * Pairs whose English side was cut to a model's length limit.
     *
     * @param pairs     the pairs, English sides at most the limit
     * @param truncated how many were cut
     */
    public record Truncated(List<SentencePair> pairs, int truncated) {
    }

    /**
     * @param pairs     pairs
     * @param maxLength the model's longest English sentence in tokens
     * @return the pairs with longer English sentences cut to their first {@code maxLength} tokens
     */
    public static Truncated truncateSources(List<SentencePair> pairs, int maxLength) {
        List<SentencePair> out = new ArrayList<>();
        int truncated = 0;
        for (SentencePair p : pairs) {
            if (p.english().size() > maxLength) {
                truncated++;
                out.add(new SentencePair(p.english().subList(0, maxLength), p.french()));
            } else {
                out.add(p);
            }
        }
        return new Truncated(out, truncated);
    }

    /**
     * Reads a pair file, keeps pairs of at most {@code maxLength} tokens, holds out about {@code testCount} of them
     * ({@link #splitByCount}) and writes {@code dir/train.tsv} and {@code dir/test.tsv} as tokenised pairs.
     *
     * @param pairs     pairs {@code english<TAB>french[<TAB>...]}
     * @param maxLength longest sentence in tokens, both sides
     * @param testCount held-out pairs
     * @param seed      shuffling seed
     * @param dir       output directory
     * @return one line: lines read, pairs kept, split sizes, directory
     */
    public static String writeSplit(Path pairs, int maxLength, int testCount, long seed, Path dir) {
        PairFile file = readPairs(pairs);
        List<SentencePair> kept = filterByLength(file.pairs(), maxLength);
        Split s = splitByCount(kept, testCount, seed);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserException("cannot create the output directory " + dir + ": " + UserException.reason(e), e);
        }
        writePairs(dir.resolve("train.tsv"), s.train());
        writePairs(dir.resolve("test.tsv"), s.test());
        return String.format(Locale.ROOT, "%d lines, %d malformed skipped, %d pairs of <= %d tokens: %d train, %d test "
                + "-> %s", file.lines(), file.malformed(), kept.size(), maxLength, s.train().size(), s.test().size(), dir);
    }
}
