package org.rnnsuite.word2vec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.text.sentenceiterator.SentenceIterator;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.cli.DebugOption;
import org.rnnsuite.common.cli.ModelOptions;
import org.rnnsuite.common.run.ModelCard;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.run.Progress;
import org.rnnsuite.common.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.common.embeddings.WordVectors;

/** {@code word2vec preprocess}, {@code convert} and {@code summary}: corpus, vectors and model files. */
public final class Word2VecFileCommands {
    private Word2VecFileCommands() {
    }

    /** {@code word2vec preprocess}: writes the preprocessed corpus (what DL4J trains on), one sentence a line. */
    @Command(name = "preprocess", mixinStandardHelpOptions = true,
            description = "Write the preprocessed corpus that train feeds to DL4J (lower case, [NUM], [URL], [UNK]), "
                    + "one sentence a line: other tools (gensim) can then train on exactly the same tokens.")
    public static final class Preprocess implements Callable<Integer> {
        /** This command's model, injected by picocli. */
        @Spec
        CommandSpec spec;

        /** No progress bars. */
        @Option(names = "--quiet", description = "no progress bars (default: ${DEFAULT-VALUE}; they are drawn on stderr "
                + "only when it is a terminal)")
        public boolean quiet;

        /** {@code --debug}. */
        @Mixin
        public DebugOption debug = new DebugOption();

        /** The corpus. */
        @Option(names = "--corpus", required = true, paramLabel = "PATH",
                description = "UTF-8 text file, or directory of .txt files")
        public Path corpus;

        /** Output file. */
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the preprocessed text file")
        public Path output;

        /** Preprocessing vocabulary size. */
        @Option(names = "--vocab-size", paramLabel = "N",
                description = "keep the N most frequent words, map the others to [UNK] (default: ${DEFAULT-VALUE})")
        public int vocabSize = Word2VecConfig.defaults().vocabSize();

        /**
         * Runs the subcommand.
         *
         * @return exit code 0 (errors are thrown as {@link UserException})
         */
        @Override
        public Integer call() {
            Word2VecCommand.atLeast("--vocab-size", vocabSize, 1);
            List<Path> files = Word2VecData.corpusFiles(corpus);
            Word2VecData.CorpusStats stats;
            try (Progress p = Progress.start("counting", -1, "words", quiet)) {
                stats = Word2VecData.count(corpus, p::stepBy);
            }
            if (stats.tokens() == 0) {
                throw new UserException("corpus " + corpus + " contains no words");
            }
            Vocabulary vocabulary = Vocabulary.topN(stats.counts(), vocabSize);
            long[] lines = {0};
            AtomicFiles.write(output, tmp -> {
                try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                     Progress p = Progress.start("writing", stats.tokens(), "words", quiet)) {
                    SentenceIterator it = Word2VecData.sentences(files, vocabulary, p::stepBy);
                    while (it.hasNext()) {
                        w.write(it.nextSentence());
                        w.write('\n');
                        lines[0]++;
                    }
                } catch (UncheckedIOException e) {
                    throw new IOException(e.getMessage(), e);
                }
            });
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %,d words, %,d sentences, vocabulary %,d%n",
                    output, stats.tokens(), lines[0], vocabulary.size());
            return 0;
        }
    }

    /** {@code word2vec convert}: rewrites a vectors file in the binary or text format. */
    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Rewrite a word2vec vectors file (binary, text or .gz, from any tool) in the binary or text "
                    + "format, e.g. the first N words of GoogleNews-vectors-negative300.bin.gz as text.")
    public static final class Convert implements Callable<Integer> {
        /** This command's model, injected by picocli. */
        @Spec
        CommandSpec spec;

        /** --vectors, --limit, --debug. */
        @Mixin
        public VectorsOptions vectors = new VectorsOptions();

        /** Output file. */
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the file to write (atomically)")
        public Path output;

        /** Output format. */
        @Option(names = "--format", paramLabel = "FORMAT",
                description = "BINARY or TEXT (default: TEXT if the output name ends in .txt or .vec, else BINARY)")
        public VectorsIO.Format format;

        /**
         * Runs the subcommand.
         *
         * @return exit code 0 (errors are thrown as {@link UserException})
         */
        @Override
        public Integer call() {
            WordVectors v = vectors.read();
            String name = output.getFileName().toString();
            VectorsIO.Format f = format != null ? format
                    : name.endsWith(".txt") || name.endsWith(".vec") ? VectorsIO.Format.TEXT : VectorsIO.Format.BINARY;
            VectorsIO.write(v, output, f);
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %,d vectors of dimension %d (%s)%n", output,
                    v.size(), v.dim(), f.name().toLowerCase(Locale.ROOT));
            return 0;
        }
    }

    /** {@code word2vec summary}: the vectors a training run kept, and what the model card says. */
    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Print a trained model's vocabulary size, dimension and most frequent words, and its model "
                    + "card: the configuration, corpus, epoch and metrics it comes from.")
    public static final class Summary implements Callable<Integer> {
        /** This command's model, injected by picocli. */
        @Spec
        CommandSpec spec;

        /** --model. */
        @Mixin
        public ModelOptions model = new ModelOptions();

        /** {@code --debug}. */
        @Mixin
        public DebugOption debug = new DebugOption();

        @Override
        public Integer call() {
            Path file = ModelIO.modelFile(model.model);
            ModelCard card = ModelIO.readCard(file, Word2VecTrainer.WORKFLOW);
            byte[] bytes = ModelIO.readEntries(file, Word2VecTrainer.WORKFLOW).get(EngineSnapshot.VECTORS);
            if (bytes == null) {
                throw new UserException(file + " holds no " + EngineSnapshot.VECTORS);
            }
            WordVectors v;
            try {
                v = VectorsIO.read(new java.io.BufferedInputStream(new java.io.ByteArrayInputStream(bytes)),
                        file + "!" + EngineSnapshot.VECTORS, 0);
            } catch (IOException e) {
                throw new UserException("cannot read " + file + ": " + UserException.reason(e), e);
            }
            java.io.PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "word vectors: %,d words of dimension %d (%,d parameters)%n", v.size(), v.dim(),
                    (long) v.size() * v.dim());
            out.println("most frequent: " + String.join(" ", v.words().subList(0, Math.min(20, v.size()))));
            out.println(card.describe());
            out.flush();
            return 0;
        }
    }
}
