package org.rnnsuite.word2vec.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.UserException;

/**
 * The engine on a corpus made in code: two topics of 20 words each; every sentence draws its words from one topic,
 * so a trained model must put the words of a topic closer together than words of different topics.
 */
class EngineTest {
    static final int TOPIC = 20;
    static final Corpus TOPICS = topics(4_000, 12, 7);

    @TempDir
    Path tmp;

    /** A corpus and its vocabulary. */
    record Corpus(EngineVocab vocab, TokenCorpus ids) {
    }

    /** Sentences of {@code length} words, all from topic A (ids 0..19) or all from topic B (20..39). */
    static Corpus topics(int sentences, int length, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] counts = new long[2 * TOPIC];
        List<int[]> all = new ArrayList<>();
        for (int s = 0; s < sentences; s++) {
            int topic = r.nextInt(2);
            int[] sentence = new int[length];
            for (int i = 0; i < length; i++) {
                // a skewed distribution within the topic, like real word counts
                int w = topic * TOPIC + (int) Math.min(TOPIC - 1, Math.floor(-Math.log(1 - r.nextDouble()) * 6));
                sentence[i] = w;
                counts[w]++;
            }
            all.add(sentence);
        }
        // renumber by decreasing count, as the engine wants its vocabulary
        Integer[] order = new Integer[counts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compare(counts[b], counts[a]));
        int[] rank = new int[order.length];
        List<String> words = new ArrayList<>();
        long[] sorted = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            rank[order[i]] = i;
            words.add((order[i] < TOPIC ? "a" : "b") + (order[i] % TOPIC));
            sorted[i] = Math.max(1, counts[order[i]]);
        }
        TokenCorpus.Builder b = TokenCorpus.builder(null);
        for (int[] sentence : all) {
            for (int w : sentence) {
                b.add(rank[w]);
            }
            b.endSentence();
        }
        return new Corpus(new EngineVocab(words, sorted), b.build());
    }

    static EngineConfig config(boolean cbow, boolean hs, int negative, boolean batched) {
        return new EngineConfig(cbow, hs, negative, 16, 3, 0, 0.05, 1e-4, 2, 1, 42, batched);
    }

    static EngineState train(EngineConfig config, Corpus c) {
        EngineState s = EngineState.initial(config, c.vocab(), "test");
        return new Word2VecEngine(config, c.vocab(), c.ids()).train(s, null, null, 60);
    }

    /** Mean cosine of same-topic pairs minus mean cosine of cross-topic pairs. */
    static double topicMargin(EngineState s, EngineVocab vocab) {
        int d = s.dim();
        float[] w = s.syn0();
        double same = 0;
        double cross = 0;
        int ns = 0;
        int nc = 0;
        for (int i = 0; i < vocab.size(); i++) {
            for (int j = i + 1; j < vocab.size(); j++) {
                double dot = 0;
                double ni = 0;
                double nj = 0;
                for (int k = 0; k < d; k++) {
                    dot += w[i * d + k] * w[j * d + k];
                    ni += w[i * d + k] * w[i * d + k];
                    nj += w[j * d + k] * w[j * d + k];
                }
                double cos = dot / Math.sqrt(ni * nj);
                if (vocab.word(i).charAt(0) == vocab.word(j).charAt(0)) {
                    same += cos;
                    ns++;
                } else {
                    cross += cos;
                    nc++;
                }
            }
        }
        return same / ns - cross / nc;
    }

    @Test
    void everyModelSeparatesTheTopics() {
        EngineConfig[] models = {config(false, false, 5, true), config(false, false, 5, false),
            config(false, true, 0, true), config(false, true, 0, false), config(true, false, 5, true),
            config(true, true, 0, true), config(false, true, 3, true)};
        EngineState untrained = EngineState.initial(models[0], TOPICS.vocab(), "test");
        double before = topicMargin(untrained, TOPICS.vocab());
        assertTrue(Math.abs(before) < 0.1, "untrained margin " + before);
        for (EngineConfig c : models) {
            double margin = topicMargin(train(c, TOPICS), TOPICS.vocab());
            assertTrue(margin > 0.5, c.modelName() + (c.batched() ? " batched" : " classic") + ": margin " + margin);
        }
    }

    @Test
    void oneThreadAndASeedGiveTheSameVectorsTwice() {
        for (EngineConfig c : List.of(config(false, false, 5, true), config(false, false, 5, false),
                config(true, true, 2, true))) {
            EngineState a = train(c, TOPICS);
            EngineState b = train(c, TOPICS);
            assertArrayEquals(a.syn0(), b.syn0(), c.modelName());
            if (c.hs()) {
                assertArrayEquals(a.syn1(), b.syn1(), c.modelName());
            }
            EngineState other = train(new EngineConfig(c.cbow(), c.hs(), c.negative(), c.dim(), c.window(),
                    c.sample(), c.alpha(), c.minAlpha(), c.epochs(), 1, 43, c.batched()), TOPICS);
            assertFalse(java.util.Arrays.equals(a.syn0(), other.syn0()), "another seed, other vectors");
        }
    }

    @Test
    void aResumedRunGivesTheVectorsOfAnUninterruptedOne() {
        EngineConfig c = new EngineConfig(false, true, 5, 16, 3, 1e-2, 0.05, 1e-4, 3, 1, 42, true);
        EngineState whole = train(c, TOPICS);

        Path checkpoint = tmp.resolve("checkpoint.w2v");
        EngineState first = EngineState.initial(c, TOPICS.vocab(), "test");
        int[] calls = {0};
        new Word2VecEngine(c, TOPICS.vocab(), TOPICS.ids()).train(first, (s, e) -> {
            s.save(checkpoint);
            calls[0]++;
            return false;   // interrupted after the first epoch
        }, null, 60);
        assertEquals(1, calls[0]);
        EngineState restored = EngineState.load(checkpoint);
        assertEquals(1, restored.epochsDone());
        assertEquals(TOPICS.ids().words(), restored.wordsDone());
        restored.checkCompatible(c, TOPICS.vocab(), "test");
        new Word2VecEngine(c, TOPICS.vocab(), TOPICS.ids()).train(restored, null, null, 60);
        assertEquals(3, restored.epochsDone());
        assertArrayEquals(whole.syn0(), restored.syn0());
        assertArrayEquals(whole.syn1neg(), restored.syn1neg());
        assertArrayEquals(whole.syn1(), restored.syn1());
    }

    @Test
    void aCheckpointOfAnotherRunOrABrokenFileIsRefused() throws IOException {
        EngineConfig c = config(false, false, 5, true);
        EngineState s = EngineState.initial(c, TOPICS.vocab(), "test");
        Path file = tmp.resolve("c.w2v");
        s.save(file);
        UserException e = assertThrows(UserException.class,
                () -> EngineState.load(file).checkCompatible(c.withEpochs(7), TOPICS.vocab(), "test"));
        assertTrue(e.getMessage().startsWith("the checkpoint was written by another run ("), e.getMessage());
        assertTrue(e.getMessage().contains("epochs=7"), e.getMessage());

        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(tmp.resolve("cut.w2v"), java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertEquals("checkpoint " + cut + " is truncated", assertThrows(UserException.class,
                () -> EngineState.load(cut)).getMessage());
        Path text = Files.writeString(tmp.resolve("text.w2v"), "hello, this is not a checkpoint");
        assertEquals(text + " is not a word2vec checkpoint", assertThrows(UserException.class,
                () -> EngineState.load(text)).getMessage());
    }

    @Test
    void progressAndEpochCallbacksReportTheRun() {
        EngineConfig c = config(false, false, 5, true).withThreads(2);
        List<Word2VecEngine.EpochStats> epochs = new ArrayList<>();
        EngineState s = EngineState.initial(c, TOPICS.vocab(), "test");
        new Word2VecEngine(c, TOPICS.vocab(), TOPICS.ids()).train(s, (st, e) -> epochs.add(e), p -> { }, 0.01);
        assertEquals(2, epochs.size());
        assertEquals(1, epochs.get(0).epoch());
        assertEquals(TOPICS.ids().words(), epochs.get(1).words());
        assertEquals(1e-4, epochs.get(1).alpha(), 1e-12);
        assertEquals(0.05 - (0.05 - 1e-4) / 2, epochs.get(0).alpha(), 1e-12);
        assertEquals(2 * TOPICS.ids().words(), s.wordsDone());
    }

    @Test
    void badSettingsNameTheirOption() {
        assertEquals("--negative 0 needs --hs (nothing would be trained)", assertThrows(UserException.class,
                () -> config(false, false, 0, true)).getMessage());
        assertEquals("--window must be at least 1 (got 0)", assertThrows(UserException.class,
                () -> new EngineConfig(false, false, 5, 16, 0, 0, 0.05, 1e-4, 1, 1, 42, true)).getMessage());
        assertEquals("vocabulary 40 x --size 100000000 is more than 2^31 weights per matrix",
                assertThrows(UserException.class, () -> EngineState.initial(
                        new EngineConfig(false, false, 5, 100_000_000, 3, 0, 0.05, 1e-4, 1, 1, 42, true),
                        TOPICS.vocab(), "x")).getMessage());
    }

    @Test
    void subSamplingKeepsRareWordsAndThinsFrequentOnes() {
        EngineVocab v = new EngineVocab(List.of("the", "of", "rare"), new long[] {1_000_000, 10_000, 5});
        int[] keep = Word2VecEngine.keepThresholds(v, 1e-3);
        assertEquals(1 << 24, keep[2]);
        assertTrue(keep[0] < keep[1] && keep[1] <= 1 << 24);
        // word2vec's formula for "the": f = 1e6, t N = 1010.005
        double t = 1e-3 * 1_010_005;
        assertEquals((Math.sqrt(1e6 / t) + 1) * t / 1e6, keep[0] / (double) (1 << 24), 1e-6);
        int[] all = Word2VecEngine.keepThresholds(v, 0);
        assertArrayEquals(new int[] {1 << 24, 1 << 24, 1 << 24}, all);
    }

    @Test
    void theSigmoidTableIsCloseToTheSigmoid() {
        for (float f = -7; f <= 7; f += 0.01f) {
            double exact = 1 / (1 + Math.exp(-f));
            assertEquals(exact, Word2VecEngine.sigmoid(f), 0.01, "at " + f);
        }
    }

    @Test
    void threadSeedsDependOnSeedEpochAndThread() {
        long a = Word2VecEngine.threadSeed(42, 0, 0);
        assertEquals(a, Word2VecEngine.threadSeed(42, 0, 0));
        assertFalse(a == Word2VecEngine.threadSeed(42, 1, 0));
        assertFalse(a == Word2VecEngine.threadSeed(42, 0, 1));
        assertFalse(a == Word2VecEngine.threadSeed(43, 0, 0));
        assertNotNull(Kernels.best().name());
    }
}
