package io.driftkit.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A normalised distribution that can be sampled and evaluated: where a generative process starts. */
public interface Prior {

  /** {@code n} independent samples ({@code [n, d]}). */
  INDArray sample(int n, RandomSource random);

  /** The normalised log density of each row ({@code [n]}). */
  INDArray logDensity(INDArray x);
}
