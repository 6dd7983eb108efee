/**
 * Benchmark mains of the MNIST classifier (run by {@code bench/mnist-vs-pytorch.sh}; never unit tests).
 */
package org.rnnsuite.mnist.bench;
