/**
 * The chapter's notebook, section by section: one runnable class per idea of the tutorial ({@code S01ManualRnn}
 * ... {@code S09MachineTranslation}), each opening with a narrated comment that names the notebook section it
 * reproduces and any deliberate deviation, each with a {@code run(...)} returning what it printed and a
 * {@code main}. {@link org.rnnsuite.notebooks.NotebooksCommand} lists them, runs one or runs the whole tour.
 */
package org.rnnsuite.notebooks;
