package io.driftkit.control.path;

import io.driftkit.api.Prior;
import io.driftkit.api.RandomSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The isotropic Gaussian N(0, variance I). */
public record GaussianPrior(int dim, double variance) implements Prior {

  @Override
  public INDArray sample(int n, RandomSource random) {
    return random.normal(n, dim).muli(Math.sqrt(variance));
  }

  @Override
  public INDArray logDensity(INDArray x) {
    return x.mul(x).sum(1).muli(-0.5 / variance).subi(0.5 * dim * Math.log(2 * Math.PI * variance));
  }
}
