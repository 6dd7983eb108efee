package org.rnnsuite.notebooks;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/** The registry of the tour: every section in the tutorial's order, found by name, number or class name. */
public final class Sections {
    private static final List<Section> ALL = List.of(
            of(1, "manual-rnn", "Manual RNN", S01ManualRnn::run),
            of(2, "unrolling", "Static and dynamic unrolling through time, packing sequences", S02Unrolling::run),
            of(3, "sequence-lengths", "Setting the sequence lengths", S03SequenceLengths::run),
            of(4, "training-bptt", "Training RNNs: backpropagation through time", S04TrainingBptt::run),
            with(5, "classifier-timeseries", "Training a sequence classifier and predicting time series",
                    (o, out) -> S05SequenceClassifierAndTimeSeries.run(o.seed(), o.quiet(), out)),
            of(6, "deep-rnn-dropout", "Deep RNNs and dropout", S06DeepRnnDropout::run),
            of(7, "cells", "LSTM, peephole connections and GRU cells", S07Cells::run),
            with(8, "word-embeddings", "Word embeddings and nearest neighbours",
                    (o, out) -> S08WordEmbeddings.run(o.seed(), o.quiet(), o.vectors(), out)),
            with(9, "translation", "Machine translation: an encoder-decoder",
                    (o, out) -> S09MachineTranslation.run(o.seed(), o.quiet(), out)));

    private Sections() {
    }

    /** @return every section, in the tutorial's order */
    public static List<Section> all() {
        return ALL;
    }

    /**
     * @param key a section's name ({@code manual-rnn}), number ({@code 1}, {@code 01}, {@code s01}) or class name
     *            ({@code S01ManualRnn}), any case
     * @return the section, if there is one
     */
    public static Optional<Section> find(String key) {
        String k = key.strip().toLowerCase(Locale.ROOT);
        String number = k.startsWith("s") ? k.substring(1) : k;
        for (Section s : ALL) {
            if (s.name().equals(k) || number.matches("0*" + s.number()) || className(s).equals(k)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static String className(Section s) {
        return String.format(Locale.ROOT, "s%02d%s", s.number(), s.name().replace("-", ""));
    }

    private static Section of(int number, String name, String title,
                              BiFunction<Long, Transcript, ? extends Section.Printed> runner) {
        return new Entry(number, name, title, (options, out) -> runner.apply(options.seed(), out));
    }

    private static Section with(int number, String name, String title,
                                BiFunction<Section.Options, Transcript, ? extends Section.Printed> runner) {
        return new Entry(number, name, title, runner);
    }

    private record Entry(int number, String name, String title,
                         BiFunction<Section.Options, Transcript, ? extends Section.Printed> runner)
            implements Section {
        @Override
        public String run(Section.Options options, Transcript out) {
            return runner.apply(options, out).text();
        }
    }
}
