package org.rnnsuite.notebooks;

import java.nio.file.Path;
import org.rnnsuite.common.Seeds;

/**
 * One section of the notebook tour, as the command lists and runs it. The classes {@code S01ManualRnn} ...
 * {@code S09MachineTranslation} each have a typed static {@code run(...)}; {@link Sections} adapts them to this
 * interface.
 */
public interface Section {
    /** @return the position in the tutorial, from 1 */
    int number();

    /** @return the short name used on the command line, e.g. {@code manual-rnn} */
    String name();

    /** @return the tutorial's title for the section, e.g. {@code Manual RNN} */
    String title();

    /**
     * Runs the section.
     *
     * @param options seed and the other settings of the tour
     * @param out     where the section prints
     * @return what the section printed
     */
    String run(Options options, Transcript out);

    /**
     * The settings of a tour; each section uses those it needs.
     *
     * @param seed    random seed of every section (the tutorial's {@code reset_graph(42)}; default 42)
     * @param quiet   true to show no progress bar in the sections that train for a while (default false; bars are
     *                also off when standard error is not a terminal)
     * @param vectors word vectors for section 8 (word2vec text or binary format), or {@code null} to train a tiny
     *                model on the bundled book of Genesis (default)
     */
    record Options(long seed, boolean quiet, Path vectors) {
        /** @return seed 42, progress bars on, no vectors file */
        public static Options defaults() {
            return new Options(Seeds.DEFAULT_SEED, false, null);
        }
    }

    /** The typed result of a section's {@code run(...)}: at least the printed text. */
    interface Printed {
        /** @return everything the section printed */
        String text();
    }
}
