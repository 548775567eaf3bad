package io.driftkit.toolkit;

import io.driftkit.api.Prior;
import io.driftkit.api.RandomSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The normalised isotropic Gaussian {@code N(0, variance I)} on R^d, as a {@link Prior}.
 *
 * @param dim d
 * @param variance the variance of every coordinate
 */
public record IsotropicGaussian(int dim, double variance) implements Prior {

  public IsotropicGaussian {
    if (dim < 1 || !(variance > 0) || !Double.isFinite(variance)) {
      throw new IllegalArgumentException("an isotropic Gaussian needs dim >= 1 and a finite variance > 0, got "
          + dim + ", " + variance);
    }
  }

  @Override
  public INDArray sample(int n, RandomSource random) {
    return random.normal(n, dim).muli(Math.sqrt(variance));
  }

  @Override
  public INDArray logDensity(INDArray x) {
    return x.mul(x).sum(1).muli(-0.5 / variance).subi(0.5 * dim * Math.log(2 * Math.PI * variance));
  }
}
