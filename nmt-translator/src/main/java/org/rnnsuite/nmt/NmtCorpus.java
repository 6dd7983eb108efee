package org.rnnsuite.nmt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.common.embeddings.WordVectors;
import org.rnnsuite.common.run.DataFingerprint;

/**
 * What the translator trains on: training and test pairs (already length-filtered), the vocabularies built from the
 * training pairs, optional pretrained English word vectors, and the fingerprint of the files they came from (a
 * resumed run refuses other data).
 *
 * @param split         training and test pairs
 * @param source        English vocabulary, built from the training pairs
 * @param target        French vocabulary, built from the training pairs
 * @param sourceVectors pretrained English vectors for the embeddings of a new model, or {@code null}
 * @param fingerprint   the data's fingerprint
 * @param summary       one line describing the data (lines read, pairs kept, split sizes)
 */
public record NmtCorpus(NmtData.Split split, Vocabulary source, Vocabulary target, WordVectors sourceVectors,
                        DataFingerprint fingerprint, String summary) {
    /**
     * Refuses data a run cannot learn from or be scored on.
     *
     * @param split         {@link #split()}
     * @param source        {@link #source()}
     * @param target        {@link #target()}
     * @param sourceVectors {@link #sourceVectors()}
     * @param fingerprint   {@link #fingerprint()}
     * @param summary       {@link #summary()}
     * @throws UserException if there are no training or no test pairs, or a vocabulary holds only the special tokens
     */
    public NmtCorpus {
        if (split.train().isEmpty()) {
            throw new UserException("no training pairs left (check --max-length and the pair file)");
        }
        if (split.test().isEmpty()) {
            throw new UserException("no test pairs: the test split is empty (check --test-pairs, --test-fraction and "
                    + "--max-length)");
        }
        for (Vocabulary v : List.of(source, target)) {
            if (v.size() <= Vocabulary.SPECIALS.size()) {
                throw new UserException(String.format(Locale.ROOT, "the %s vocabulary holds only the special tokens: "
                        + "no word occurs --min-count times in the %d training pairs", v == source ? "English"
                        : "French", split.train().size()));
            }
        }
    }

    /**
     * Builds the vocabularies of a split.
     *
     * @param config        the configuration ({@code vocab}, {@code minCount})
     * @param split         training and test pairs
     * @param sourceVectors pretrained English vectors, or {@code null}
     * @param fingerprint   the data's fingerprint
     * @param summary       one line describing the data
     * @return the corpus
     */
    public static NmtCorpus of(NmtConfig config, NmtData.Split split, WordVectors sourceVectors,
                               DataFingerprint fingerprint, String summary) {
        Vocabulary src = Vocabulary.build(split.train().stream().map(SentencePair::english).toList(), config.vocab(),
                config.minCount());
        Vocabulary tgt = Vocabulary.build(split.train().stream().map(SentencePair::french).toList(), config.vocab(),
                config.minCount());
        return new NmtCorpus(split, src, tgt, sourceVectors, fingerprint, summary);
    }

    /**
     * A corpus made in code (tests, the notebook): its fingerprint is its description.
     *
     * @param config      the configuration
     * @param split       training and test pairs
     * @param description what the pairs are
     * @return the corpus
     */
    public static NmtCorpus of(NmtConfig config, NmtData.Split split, String description) {
        return of(config, split, null, DataFingerprint.of(description), description);
    }

    /**
     * Reads the pair files (and the vectors), keeps pairs of at most {@code config.maxLength()} tokens, and holds
     * out the test pairs: those of {@code testPairs}, or {@code config.testFraction()} of {@code pairs}.
     *
     * @param config     the configuration
     * @param pairs      training pairs {@code english<TAB>french[<TAB>...]}
     * @param testPairs  held-out pairs, or {@code null}
     * @param srcVectors a word2vec text or binary file for the English embeddings, or {@code null}
     * @return the corpus
     * @throws UserException if a file is missing or malformed, or a split or vocabulary is empty
     */
    public static NmtCorpus load(NmtConfig config, Path pairs, Path testPairs, Path srcVectors) {
        NmtData.PairFile file = NmtData.readPairs(pairs);
        List<SentencePair> all = NmtData.filterByLength(file.pairs(), config.maxLength());
        NmtData.Split split = testPairs == null ? NmtData.splitByFraction(all, config.testFraction(), config.seed())
                : NmtData.withTestSet(all, NmtData.filterByLength(NmtData.readPairs(testPairs).pairs(),
                config.maxLength()));
        String summary = String.format(Locale.ROOT, "%s: %d lines, %d malformed skipped, %d pairs of <= %d tokens; "
                + "%d train, %d test", pairs, file.lines(), file.malformed(), all.size(), config.maxLength(),
                split.train().size(), split.test().size());
        List<Path> files = new ArrayList<>(List.of(pairs));
        StringBuilder description = new StringBuilder("English-French pairs");
        if (testPairs != null) {
            files.add(testPairs);
            description.append(", held-out pairs");
        }
        WordVectors vectors = null;
        if (srcVectors != null) {
            files.add(srcVectors);
            description.append(", English word vectors");
            vectors = VectorsIO.read(srcVectors, 0);
        }
        return of(config, split, vectors, DataFingerprint.ofFiles(description.toString(), files), summary);
    }
}
