/**
 * English to French translation with a reversed-input encoder-decoder (Géron, ch. 14, "Machine translation"):
 * {@link org.rnnsuite.nmt.Tokenizer} and {@link org.rnnsuite.nmt.Vocabulary} turn sentences into word ids,
 * {@link org.rnnsuite.nmt.NmtData} reverses the source and places {@code <go>}/{@code <eos>} with padding masks,
 * {@link org.rnnsuite.nmt.NmtNetwork} builds the DL4J ComputationGraph, {@link org.rnnsuite.nmt.NmtCorpus} holds
 * the pairs and vocabularies a run trains on, {@link org.rnnsuite.nmt.NmtTrainer} trains it in a shared
 * {@link org.rnnsuite.common.run.TrainingRun} (one DL4J iterator per epoch, {@link org.rnnsuite.nmt.NmtBatches}),
 * {@link org.rnnsuite.nmt.Translator} decodes greedily or with beam search, {@link org.rnnsuite.nmt.Bleu}
 * scores, and {@link org.rnnsuite.nmt.NmtCommand} is the command line ({@code ./rnn nmt ...}).
 */
package org.rnnsuite.nmt;
