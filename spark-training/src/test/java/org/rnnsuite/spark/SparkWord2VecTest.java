package org.rnnsuite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.WordVectors;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.word2vec.EngineSnapshot;
import org.rnnsuite.word2vec.Word2VecConfig;
import org.rnnsuite.word2vec.Word2VecTrainer;
import org.rnnsuite.word2vec.engine.EngineState;

/**
 * Word2vec with the suite's engine on {@code local[2]}: on a corpus made in code, whose sentences each draw their
 * words from one of three topics, the vectors separate the topics as the single-machine engine's do; each epoch is
 * checkpointed with the engine's state; the changes combine as a sum or as MLlib's per-word mean.
 */
class SparkWord2VecTest {
    private static final String[][] TOPICS = {
        {"cat", "dog", "horse", "cow", "sheep", "goat", "pig", "duck"},
        {"one", "two", "three", "four", "five", "six", "seven", "eight"},
        {"red", "green", "blue", "yellow", "white", "black", "brown", "pink"}};
    private static final Word2VecConfig CONFIG = Word2VecConfig.tiny().withEpochs(3);
    @TempDir
    static Path dir;
    private static Path corpus;

    @BeforeAll
    static void corpus() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder sb = new StringBuilder();
        for (int line = 0; line < 3000; line++) {
            String[] topic = TOPICS[r.nextInt(TOPICS.length)];
            for (int w = 0; w < 8; w++) {
                sb.append(w == 0 ? "" : " ").append(topic[r.nextInt(topic.length)]);
            }
            sb.append('\n');
        }
        corpus = dir.resolve("topics.txt");
        Files.writeString(corpus, sb);
    }

    /** @return mean cosine of word pairs of one topic minus that of pairs of different topics */
    static double separation(WordVectors v) {
        double same = 0;
        double other = 0;
        int nSame = 0;
        int nOther = 0;
        List<String[]> words = new ArrayList<>();
        for (int t = 0; t < TOPICS.length; t++) {
            for (String w : TOPICS[t]) {
                words.add(new String[] {w, Integer.toString(t)});
            }
        }
        for (int i = 0; i < words.size(); i++) {
            for (int j = i + 1; j < words.size(); j++) {
                double c = v.similarity(words.get(i)[0], words.get(j)[0]);
                if (words.get(i)[1].equals(words.get(j)[1])) {
                    same += c;
                    nSame++;
                } else {
                    other += c;
                    nOther++;
                }
            }
        }
        return same / nSame - other / nOther;
    }

    @Test
    void vectorsSeparateTheTopicsAsOnOneMachine() throws Exception {
        WordVectors single;
        try (TrainingRun run = Word2VecTrainer.openRun(CONFIG, corpus, RunOptions.inMemory())) {
            single = Word2VecTrainer.train(CONFIG, corpus, run).model().vectors();
        }
        TrainingResult<Word2VecTrainer.Result> spark;
        Path out = dir.resolve("run");
        try (TrainingRun run = Word2VecTrainer.openRun(CONFIG, corpus, RunOptions.in(out))) {
            spark = SparkWord2Vec.train(CONFIG, corpus, run, LocalSpark.context(),
                    SparkSettings.defaults().withMaster(LocalSpark.MASTER), SparkWord2Vec.Sync.DEFAULT);
        }
        WordVectors vectors = spark.model().vectors();
        assertEquals(single.words(), vectors.words());
        double s = separation(vectors);
        double one = separation(single);
        assertTrue(one > 0.3, "single machine separation " + one);
        assertTrue(s > 0.3, "spark separation " + s + " (single machine " + one + ")");
        assertArrayEquals(new double[] {1, 2, 3}, spark.column("epoch"));
        double[] loss = spark.column("loss");
        assertTrue(loss[0] > 0 && loss[2] < loss[0], "the sampled loss falls: " + java.util.Arrays.toString(loss));
        EngineState state = EngineSnapshot.readState(out.resolve(TrainingRun.CHECKPOINT_FILE));
        assertEquals(3, state.epochsDone());
        assertArrayEquals(vectors.vector(0), java.util.Arrays.copyOfRange(state.syn0(), 0, CONFIG.vectorSize()));
        String json = Files.readString(out.resolve(TrainingRun.RUN_FILE)).replace(" ", "");
        assertTrue(json.contains("\"rounds_per_epoch\":30") && json.contains("\"merge\":\"sum\"")
                && !json.contains("averaging_frequency"), json);
    }

    @Test
    void eachRowMovesByTheSumOrTheMeanChangeOfThePartitionsThatTrainedIt() {
        int dim = 2;
        Word2VecSlice.Weights w = new Word2VecSlice.Weights(List.of("a", "b", "c"), new long[] {3, 2, 1},
                new float[] {1, 1, 1, 1, 1, 1}, null, null);
        Word2VecSlice.Delta p1 = new Word2VecSlice.Delta(new float[] {2, 4, 0, 0, 1, 1}, null, null,
                new int[] {1, 0, 1}, new int[3], 10, 1, 10 * 2.0);
        Word2VecSlice.Delta p2 = new Word2VecSlice.Delta(new float[] {4, 0, 0, 0, 0, 0}, null, null,
                new int[] {1, 0, 0}, new int[3], 20, 1, 20 * 0.5);
        Word2VecSlice.Delta sum = p1.plus(p2);
        assertEquals(30, sum.words());
        assertEquals(1.0, sum.loss(), 1e-12);   // (10 * 2 + 20 * 0.5) / 30
        Word2VecSlice.merge(w, sum, dim, SparkWord2Vec.Merge.MEAN);
        // a: both partitions, mean change (3, 2); b: none; c: only the first, its whole change
        assertArrayEquals(new float[] {4, 3, 1, 1, 2, 2}, w.syn0());
        Word2VecSlice.Weights w2 = new Word2VecSlice.Weights(List.of("a", "b", "c"), new long[] {3, 2, 1},
                new float[] {1, 1, 1, 1, 1, 1}, null, null);
        Word2VecSlice.merge(w2, sum, dim, SparkWord2Vec.Merge.SUM);
        // sum: a moves by both changes (6, 4), as two threads sharing the weights would have moved it
        assertArrayEquals(new float[] {7, 5, 1, 1, 2, 2}, w2.syn0());
        assertEquals(SparkWord2Vec.Merge.MEAN, SparkWord2Vec.Merge.parse(" Mean"));
        assertEquals("--merge must be sum or mean, got 'avg'",
                assertThrows(UserException.class, () -> SparkWord2Vec.Merge.parse("avg")).getMessage());
        assertEquals("--rounds must be at least 1, got 0",
                assertThrows(UserException.class, () -> new SparkWord2Vec.Sync(0, SparkWord2Vec.Merge.SUM))
                        .getMessage());
    }
}
