/**
 * The training run: its directory, metrics CSV and PNG charts, progress bars, checkpoints, the model card and
 * model files. Trainers report to a run; the run decides where files go.
 */
package org.rnnsuite.common.run;
