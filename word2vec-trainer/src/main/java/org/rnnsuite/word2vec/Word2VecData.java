package org.rnnsuite.word2vec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.deeplearning4j.text.sentenceiterator.SentenceIterator;
import org.deeplearning4j.text.sentenceiterator.SentencePreProcessor;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.Utf8LineReader;
import org.rnnsuite.word2vec.engine.TokenCorpus;

/**
 * Turns a corpus (a UTF-8 text file, or a directory of {@code .txt} files) into the sentences DL4J trains on, in
 * two streaming passes that never hold the corpus in memory:
 * <ol>
 *   <li>{@link #count(Path, LongConsumer)} tokenises every line ({@link Tokenizer}) and counts the tokens;</li>
 *   <li>{@link #sentences(List, Vocabulary, LongConsumer)} reads the corpus again, once per pass DL4J makes,
 *       and gives each line as one sentence of space-separated tokens, words outside the vocabulary replaced by
 *       {@link Tokenizer#UNK}.</li>
 * </ol>
 * The project's engine reads the corpus only once: {@link #encode(Path, TokenCorpus.Builder, LongConsumer)}
 * tokenises and counts it and keeps every token as an integer id, so that no epoch tokenises again.
 * A line is a sentence: the training window never crosses a line end. Lines longer than
 * {@value #MAX_SENTENCE_TOKENS} tokens are cut into sentences of that length, as gensim's {@code LineSentence}.
 */
public final class Word2VecData {
    /** Longest sentence given to the trainer, in tokens (gensim's {@code MAX_WORDS_IN_BATCH}). */
    public static final int MAX_SENTENCE_TOKENS = 10_000;

    private Word2VecData() {
    }

    /**
     * What the counting pass found.
     *
     * @param counts         token → occurrences
     * @param tokens         tokens in the corpus
     * @param lines          non-empty lines
     * @param files          files read
     * @param bytes          bytes read
     * @param malformedBytes invalid UTF-8 sequences replaced by U+FFFD
     */
    public record CorpusStats(Map<String, Long> counts, long tokens, long lines, int files, long bytes,
                              long malformedBytes) {
    }

    /**
     * A skip-gram training pair: the model learns to predict {@code context} from {@code target}.
     *
     * @param target  the word at the centre of the window
     * @param context a word at most {@code window} positions away from it
     */
    public record Pair(String target, String context) {
    }

    /**
     * The corpus files: the file itself, or every regular {@code *.txt} file below the directory in path order.
     *
     * @param corpus a file or directory
     * @return the files to read
     * @throws UserException if the path does not exist or the directory holds no {@code .txt} file
     */
    public static List<Path> corpusFiles(Path corpus) {
        if (Files.isRegularFile(corpus)) {
            return List.of(corpus);
        }
        if (!Files.isDirectory(corpus)) {
            throw new UserException("corpus " + corpus + " does not exist");
        }
        try (Stream<Path> walk = Files.walk(corpus)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".txt"))
                    .sorted()
                    .toList();
            if (files.isEmpty()) {
                throw new UserException("corpus directory " + corpus + " holds no .txt file");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + corpus + ": " + e.getMessage(), e);
        }
    }

    /**
     * First pass: counts the normalised tokens of the corpus.
     *
     * @param corpus    a file or a directory of {@code .txt} files
     * @param wordsRead receives the number of tokens of each line read (for a progress bar)
     * @return the counts and corpus statistics
     * @throws UserException if a file is not text
     */
    public static CorpusStats count(Path corpus, LongConsumer wordsRead) {
        List<Path> files = corpusFiles(corpus);
        Map<String, long[]> counts = new HashMap<>();
        long tokens = 0;
        long lines = 0;
        long bytes = 0;
        long malformed = 0;
        for (Path file : files) {
            try (Utf8LineReader reader = new Utf8LineReader(file)) {
                List<String> lineTokens = new ArrayList<>();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lineTokens.clear();
                    Tokenizer.tokenize(line, lineTokens::add);
                    if (lineTokens.isEmpty()) {
                        continue;
                    }
                    lines++;
                    for (String t : lineTokens) {
                        counts.computeIfAbsent(t, k -> new long[1])[0]++;
                    }
                    tokens += lineTokens.size();
                    wordsRead.accept(lineTokens.size());
                }
                bytes += reader.bytesRead();
                malformed += reader.malformed();
            } catch (IOException e) {
                throw new UserException("cannot read corpus file " + file + ": " + e.getMessage(), e);
            }
        }
        Map<String, Long> plain = new HashMap<>(counts.size() * 2);
        counts.forEach((k, v) -> plain.put(k, v[0]));
        return new CorpusStats(plain, tokens, lines, files.size(), bytes, malformed);
    }

    /**
     * The counting pass that also keeps the corpus: every token gets an id in order of first appearance and is
     * appended to {@code ids}; every line (and every {@value #MAX_SENTENCE_TOKENS} tokens of a longer line) ends a
     * sentence.
     *
     * @param tokens the distinct tokens, indexed by their id
     * @param stats  the counts and statistics, as {@link #count(Path, LongConsumer)} gives them
     */
    public record Encoded(List<String> tokens, CorpusStats stats) {
    }

    /**
     * Reads and tokenises the corpus once, counting the tokens and appending their ids to {@code ids}.
     *
     * @param corpus    a file or a directory of {@code .txt} files
     * @param ids       receives the token ids and sentence ends
     * @param wordsRead receives the number of tokens of each line read (for a progress bar)
     * @return the tokens by id and the statistics
     * @throws UserException if a file is not text
     */
    public static Encoded encode(Path corpus, TokenCorpus.Builder ids, LongConsumer wordsRead) {
        List<Path> files = corpusFiles(corpus);
        Map<String, Integer> index = new HashMap<>();
        List<String> tokens = new ArrayList<>();
        long[][] counts = {new long[1024]};
        long[] total = {0};
        long[] inLine = {0};
        long lines = 0;
        long bytes = 0;
        long malformed = 0;
        for (Path file : files) {
            try (Utf8LineReader reader = new Utf8LineReader(file)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    inLine[0] = 0;
                    Tokenizer.tokenize(line, t -> {
                        Integer id = index.get(t);
                        if (id == null) {
                            id = tokens.size();
                            index.put(t, id);
                            tokens.add(t);
                            if (id == counts[0].length) {
                                counts[0] = java.util.Arrays.copyOf(counts[0], id * 2);
                            }
                        }
                        counts[0][id]++;
                        if (inLine[0] > 0 && inLine[0] % MAX_SENTENCE_TOKENS == 0) {
                            ids.endSentence();
                        }
                        ids.add(id);
                        inLine[0]++;
                    });
                    if (inLine[0] == 0) {
                        continue;
                    }
                    ids.endSentence();
                    lines++;
                    total[0] += inLine[0];
                    wordsRead.accept(inLine[0]);
                }
                bytes += reader.bytesRead();
                malformed += reader.malformed();
            } catch (IOException e) {
                throw new UserException("cannot read corpus file " + file + ": " + e.getMessage(), e);
            }
        }
        Map<String, Long> plain = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            plain.put(tokens.get(i), counts[0][i]);
        }
        return new Encoded(List.copyOf(tokens), new CorpusStats(plain, total[0], lines, files.size(), bytes, malformed));
    }

    /**
     * Second pass: the corpus as DL4J sentences, one per line, tokens joined by single spaces.
     *
     * @param files      the corpus files ({@link #corpusFiles(Path)})
     * @param vocabulary tokens outside it become {@link Tokenizer#UNK}
     * @param wordsRead  receives the number of tokens of each sentence given out
     * @return a resettable sentence iterator
     */
    public static SentenceIterator sentences(List<Path> files, Vocabulary vocabulary, LongConsumer wordsRead) {
        return new PreprocessedSentences(files, vocabulary, wordsRead);
    }

    /**
     * The skip-gram pairs of one sentence for a fixed window: for each position, every word at distance
     * 1..{@code window} on either side, nearest first (left then right). This is the tutorial's definition.
     * DL4J's {@code SkipGram} (like the C tool and gensim) does not use the full window at every position: it draws
     * a reduced window {@code b} per position and pairs the target with the words at distance 1..(window − b), so
     * near words are used more often than far ones; it also skips a pair whose two words are the same vocabulary
     * entry, and frequent words may have been dropped before by sub-sampling.
     *
     * @param tokens a sentence
     * @param window maximum distance, at least 1
     * @return the (target, context) pairs in sentence order
     */
    public static List<Pair> skipGramPairs(List<String> tokens, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            for (int d = 1; d <= window; d++) {
                if (i - d >= 0) {
                    pairs.add(new Pair(tokens.get(i), tokens.get(i - d)));
                }
                if (i + d < tokens.size()) {
                    pairs.add(new Pair(tokens.get(i), tokens.get(i + d)));
                }
            }
        }
        return pairs;
    }

    /** The second pass as a DL4J {@link SentenceIterator}; {@link #reset()} starts the corpus again. */
    private static final class PreprocessedSentences implements SentenceIterator {
        private final List<Path> files;
        private final Vocabulary vocabulary;
        private final LongConsumer wordsRead;
        private final Deque<String> pending = new ArrayDeque<>();
        private int fileIndex;
        private Utf8LineReader reader;
        private SentencePreProcessor preProcessor;

        PreprocessedSentences(List<Path> files, Vocabulary vocabulary, LongConsumer wordsRead) {
            this.files = List.copyOf(files);
            this.vocabulary = vocabulary;
            this.wordsRead = wordsRead;
        }

        @Override
        public synchronized String nextSentence() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            String s = pending.poll();
            return preProcessor == null ? s : preProcessor.preProcess(s);
        }

        @Override
        public synchronized boolean hasNext() {
            try {
                while (pending.isEmpty()) {
                    if (reader == null) {
                        if (fileIndex >= files.size()) {
                            return false;
                        }
                        reader = new Utf8LineReader(files.get(fileIndex++));
                    }
                    String line = reader.readLine();
                    if (line == null) {
                        reader.close();
                        reader = null;
                        continue;
                    }
                    split(line);
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read corpus: " + e.getMessage(), e);
            }
        }

        private void split(String line) {
            StringBuilder sb = new StringBuilder(line.length());
            int[] n = {0};
            Tokenizer.tokenize(line, t -> {
                if (n[0] == MAX_SENTENCE_TOKENS) {
                    pending.add(sb.toString());
                    wordsRead.accept(n[0]);
                    sb.setLength(0);
                    n[0] = 0;
                }
                if (n[0] > 0) {
                    sb.append(' ');
                }
                sb.append(vocabulary.map(t));
                n[0]++;
            });
            if (n[0] > 0) {
                pending.add(sb.toString());
                wordsRead.accept(n[0]);
            }
        }

        @Override
        public synchronized void reset() {
            finish();
            fileIndex = 0;
        }

        @Override
        public synchronized void finish() {
            pending.clear();
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException ignored) {
                    // nothing to do: the file was only read
                }
                reader = null;
            }
            fileIndex = files.size();
        }

        @Override
        public SentencePreProcessor getPreProcessor() {
            return preProcessor;
        }

        @Override
        public void setPreProcessor(SentencePreProcessor preProcessor) {
            this.preProcessor = preProcessor;
        }
    }
}
