/**
 * The chapter's second workflow: shifted time-series regression with a recurrent network and a per-step linear
 * projection, then generation ("creative RNN").
 *
 * <p>Types: {@link org.rnnsuite.timeseries.TimeSeriesConfig} (hyper-parameters, tutorial defaults),
 * {@link org.rnnsuite.timeseries.TimeSeriesData} (the series {@code t·sin(t)/3 + 2·sin(5t)}, the shifted windows,
 * the t = 12.2 instance, CSV series through DataVec), {@link org.rnnsuite.timeseries.TimeSeriesNetwork} (the two
 * projection styles), {@link org.rnnsuite.common.layers.FastSimpleRnn} (the common module's faster basic cell, the
 * default), {@link org.rnnsuite.timeseries.TimeSeriesTrainer}, {@link org.rnnsuite.timeseries.TimeSeriesPredictor}
 * (prediction, generation, forecasts) and {@link org.rnnsuite.timeseries.TimeSeriesCommand} ({@code ./rnn timeseries}).
 */
package org.rnnsuite.timeseries;
