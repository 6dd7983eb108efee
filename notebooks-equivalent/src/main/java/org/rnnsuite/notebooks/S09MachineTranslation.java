package org.rnnsuite.notebooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.nmt.Evaluation;
import org.rnnsuite.nmt.NmtConfig;
import org.rnnsuite.nmt.NmtCorpus;
import org.rnnsuite.nmt.NmtData;
import org.rnnsuite.nmt.NmtModel;
import org.rnnsuite.nmt.NmtTrainer;
import org.rnnsuite.nmt.SentencePair;
import org.rnnsuite.nmt.Tokenizer;
import org.rnnsuite.nmt.Translator;
import org.rnnsuite.nmt.Vocabulary;

/**
 * Section 9, "Machine Translation": an encoder–decoder trained on a handful of English–French pairs through the
 * public API of {@code nmt-translator}, showing what the encoder and the decoder are fed and how a translation is
 * decoded greedily.
 *
 * <p>Checkout the complete code under "Machine Translation" in notebook (the chapter's figure "A simple machine
 * translation model" and its description of {@code embedding_rnn_seq2seq}). The chapter's model:
 * <ul>
 *   <li>the English sentence is fed to the encoder <em>reversed</em> ("i drink milk" → "milk drink i"), so that
 *       the beginning of the sentence is the last thing the encoder saw, closest to the start of decoding
 *       ({@link NmtData#reversed});</li>
 *   <li>while training, the decoder is fed the French sentence preceded by {@code <go>} and learns to output it
 *       followed by {@code <eos>} ({@link NmtData#decoderInput}, {@link NmtData#decoderLabels}): its input at each
 *       step is the word it should have output at the previous step;</li>
 *   <li>at inference the decoder starts from {@code <go>} and is fed back the word it just output, the most likely
 *       one (greedy decoding, {@link Translator#greedyOne}), until it outputs {@code <eos>}.</li>
 * </ul>
 * Words become ids through a vocabulary whose first ids are the special tokens {@code <pad>}, {@code <go>},
 * {@code <eos>}, {@code [UNK]} ({@link Vocabulary}); sentences of a batch are padded to the same length and masked.
 *
 * <p>Deliberate deviations: a toy corpus of {@value #TRAIN_PAIRS_COUNT} sentence pairs written in this class
 * (the tutorial does not train one; {@code ./rnn nmt train} trains on real data) and the small model of
 * {@link NmtConfig#small()} with batches of {@value #BATCH} pairs for {@value #EPOCHS} epochs, so the section shows
 * memorised translations of the training sentences; one unseen combination of known words is decoded too, without
 * any promise that it comes out right.
 */
public final class S09MachineTranslation {
    /** Pairs per training batch. */
    public static final int BATCH = 8;
    /** Training epochs. */
    public static final int EPOCHS = 40;
    /** The toy corpus: English, French. */
    private static final String[][] PAIRS = {
        {"i drink milk", "je bois du lait"},
        {"i drink coffee", "je bois du café"},
        {"you drink milk", "tu bois du lait"},
        {"you drink coffee", "tu bois du café"},
        {"he drinks coffee", "il boit du café"},
        {"i eat bread", "je mange du pain"},
        {"you eat bread", "tu manges du pain"},
        {"he eats bread", "il mange du pain"},
        {"i eat an apple", "je mange une pomme"},
        {"you eat an apple", "tu manges une pomme"},
        {"he eats an apple", "il mange une pomme"},
        {"i see the cat", "je vois le chat"},
        {"you see the cat", "tu vois le chat"},
        {"he sees the cat", "il voit le chat"},
        {"i see the dog", "je vois le chien"},
        {"you see the dog", "tu vois le chien"},
        {"he sees the dog", "il voit le chien"},
        {"the cat drinks milk", "le chat boit du lait"},
        {"the dog eats bread", "le chien mange du pain"},
        {"the cat sees the dog", "le chat voit le chien"},
        {"the dog sees the cat", "le chien voit le chat"},
        {"the cat eats an apple", "le chat mange une pomme"},
    };
    /** Number of training pairs. */
    public static final int TRAIN_PAIRS_COUNT = 22;
    /** Pairs not in the corpus, made of known words: the test set. */
    private static final String[][] UNSEEN = {
        {"he drinks milk", "il boit du lait"},
        {"the dog drinks coffee", "le chien boit du café"},
    };
    /** Sentences whose encoder and decoder inputs are printed. */
    private static final int SHOWN = 3;

    private S09MachineTranslation() {
    }

    /**
     * What the section computed.
     *
     * @param text             what it printed
     * @param trainPairs       the toy corpus, tokenised
     * @param translations     the greedy translation of every training pair, in order
     * @param exactMatch       share of training pairs translated exactly
     * @param firstLoss        mean loss per target token of the first epoch
     * @param lastLoss         the same for the last epoch
     * @param unseen           the unseen pairs
     * @param unseenTranslations their greedy translations
     */
    public record Result(String text, List<SentencePair> trainPairs, List<List<String>> translations,
                         double exactMatch, double firstLoss, double lastLoss, List<SentencePair> unseen,
                         List<List<String>> unseenTranslations) implements Section.Printed {
    }

    /** @return the toy corpus, tokenised with {@code nmt-translator}'s {@link Tokenizer} */
    public static List<SentencePair> toyCorpus() {
        List<SentencePair> pairs = new ArrayList<>();
        for (String[] p : PAIRS) {
            pairs.add(pair(p));
        }
        return pairs;
    }

    private static SentencePair pair(String[] p) {
        return new SentencePair(Tokenizer.english(p[0]), Tokenizer.french(p[1]));
    }

    /**
     * Runs the section.
     *
     * @param seed  random seed of the weights and of the batch order (default 42)
     * @param quiet true to show no progress bar
     * @param out   where to print
     * @return the printed text and the translations
     */
    public static Result run(long seed, boolean quiet, Transcript out) {
        Seeds.init(seed);
        List<SentencePair> pairs = toyCorpus();
        Vocabulary en = Vocabulary.build(pairs.stream().map(SentencePair::english).toList(), 1000, 1);
        Vocabulary fr = Vocabulary.build(pairs.stream().map(SentencePair::french).toList(), 1000, 1);
        out.heading("A toy corpus and its vocabularies");
        out.printf("%d sentence pairs; English vocabulary %d ids, French %d ids (the first 4: %s)", pairs.size(),
                en.size(), fr.size(), Vocabulary.SPECIALS);

        out.heading("What the encoder and the decoder are fed while training");
        for (SentencePair p : pairs.subList(0, SHOWN)) {
            List<String> reversed = NmtData.reversed(p.english());
            List<String> decIn = NmtData.decoderInput(p.french());
            List<String> labels = NmtData.decoderLabels(p.french());
            out.printf("English          %s", p.english());
            out.printf("encoder input    %s = ids %s", reversed, Arrays.toString(NmtData.sourceIds(p.english(), en)));
            out.printf("decoder input    %s = ids %s", decIn, Arrays.toString(fr.ids(decIn)));
            out.printf("decoder targets  %s = ids %s", labels, Arrays.toString(fr.ids(labels)));
            out.println();
        }

        NmtConfig s = NmtConfig.small();
        NmtConfig config = new NmtConfig(s.embedding(), s.units(), s.layers(), s.cell(), s.dropout(), s.vocab(),
                s.minCount(), s.maxLength(), BATCH, s.learningRate(), s.clipNorm(), s.maxOutput(), s.lengthPenalty(),
                seed, s.testFraction(), false, EPOCHS, 0, 0);
        out.heading("Training the encoder-decoder (nmt-translator)");
        out.printf("%s encoder and decoder of %d units, embeddings %d, Adam %s, batches of %d, %d epochs",
                config.cell(), config.units(), config.embedding(), config.learningRate(), config.batchSize(), EPOCHS);
        List<SentencePair> unseen = new ArrayList<>();
        for (String[] p : UNSEEN) {
            unseen.add(pair(p));
        }
        NmtCorpus data = NmtCorpus.of(config, NmtData.withTestSet(pairs, unseen), "the section's sentences");
        TrainingResult<ComputationGraph> trained;
        try (TrainingRun run = NmtTrainer.openRun(config, data, new RunOptions(null, false, 0, 0, quiet))) {
            trained = NmtTrainer.train(config, data, run);
        }
        double[] losses = trained.column("loss");
        for (int i = 0; i < losses.length; i++) {
            if (i == 0 || (i + 1) % 10 == 0) {
                out.printf("epoch %2d  loss per target word %.4f", i + 1, losses[i]);
            }
        }

        out.heading("Greedy decoding: start from <go>, feed back the most likely word, stop at <eos>");
        Translator translator = new Translator(new NmtModel(trained.last(), config, data.source(), data.target()));
        Evaluation ev = Evaluation.run(translator, pairs, 1);
        for (int i = 0; i < pairs.size(); i++) {
            SentencePair p = pairs.get(i);
            List<String> hyp = ev.hypotheses().get(i);
            out.println(String.format(Locale.ROOT, "%-24s -> %-26s %s", String.join(" ", p.english()),
                    String.join(" ", hyp), hyp.equals(p.french()) ? "" : "(reference: " + String.join(" ", p.french())
                            + ")").stripTrailing());
        }
        out.printf("exact translations of the training sentences: %d of %d", Math.round(ev.exactMatch() * pairs.size()),
                pairs.size());
        out.println();
        out.println("unseen combinations of known words (no promise: 22 sentences teach little grammar):");
        List<List<String>> unseenHyp = new ArrayList<>();
        for (SentencePair p : unseen) {
            List<String> hyp = translator.greedyOne(p.english());
            unseenHyp.add(hyp);
            out.printf("%-24s -> %-26s (a right answer: %s)", String.join(" ", p.english()), String.join(" ", hyp),
                    String.join(" ", p.french()));
        }
        return new Result(out.text(), pairs, ev.hypotheses(), ev.exactMatch(), losses[0],
                losses[losses.length - 1], unseen, unseenHyp);
    }

    /**
     * Runs the section with seed 42 and prints it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(Seeds.DEFAULT_SEED, false, Transcript.echoing(System.out));
    }
}
