/**
 * Command-line conventions shared by every command: picocli execution with one-line errors and exit codes
 * ({@link org.rnnsuite.common.cli.Cli}) and the shared options ({@link org.rnnsuite.common.cli.CommonOptions}).
 */
package org.rnnsuite.common.cli;
