/** Helpers of the translator's benchmark script ({@code bench/nmt-vs-pytorch.sh}). */
package org.rnnsuite.nmt.bench;
