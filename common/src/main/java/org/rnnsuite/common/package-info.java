/**
 * Helpers shared by every workflow module: recurrent cells (basic, LSTM, peephole LSTM and a GRU layer),
 * network defaults, training listeners, metric CSV files and PNG charts, progress bars, model save/load with
 * provenance ({@code run.json}), checkpoints, and the command-line conventions.
 */
package org.rnnsuite.common;
