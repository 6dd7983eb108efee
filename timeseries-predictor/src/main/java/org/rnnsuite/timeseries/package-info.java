/**
 * The chapter's second workflow: shifted time-series regression with a recurrent network and a per-step linear
 * projection, then generation ("creative RNN").
 *
 * <p>Types: {@link org.rnnsuite.timeseries.TimeSeriesConfig} (hyper-parameters, tutorial defaults),
 * {@link org.rnnsuite.timeseries.TimeSeriesData} (the series {@code t·sin(t)/3 + 2·sin(5t)}, the shifted windows,
 * the t = 12.2 instance, CSV series through DataVec), {@link org.rnnsuite.timeseries.TimeSeriesNetwork} (the two
 * projection styles), {@link org.rnnsuite.common.layers.FastSimpleRnn} (the common module's faster basic cell, the
 * default), {@link org.rnnsuite.timeseries.TimeSeriesSource} (what a run trains on: its batches, fixed validation
 * windows, data fingerprint and the model card's facts), {@link org.rnnsuite.timeseries.BatchIterator} (the
 * batches of a report period as a DL4J iterator), {@link org.rnnsuite.timeseries.TimeSeriesTrainer}
 * ({@code train(config, source, run)} on the shared training run), {@link org.rnnsuite.timeseries.TimeSeriesModel}
 * (a network and its card), {@link org.rnnsuite.timeseries.TimeSeriesPredictor} (prediction, generation, forecasts)
 * and {@link org.rnnsuite.timeseries.TimeSeriesCommand} ({@code ./rnn timeseries}).
 */
package org.rnnsuite.timeseries;
