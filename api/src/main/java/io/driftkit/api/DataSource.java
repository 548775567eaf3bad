package io.driftkit.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Samples to learn from: a data file, or a target's exact sampler. */
public interface DataSource {

  /** The dimension d of each sample. */
  int dim();

  /** A batch of {@code n} samples ({@code [n, d]} float64), drawn with replacement. */
  INDArray batch(int n, RandomSource random);
}
