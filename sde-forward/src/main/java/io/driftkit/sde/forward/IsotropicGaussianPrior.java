package io.driftkit.sde.forward;

import io.driftkit.api.Prior;
import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The normalised Gaussian {@code N(0, std^2 I)} on R^d. */
public final class IsotropicGaussianPrior implements Prior {

  private final int dim;
  private final double std;

  public IsotropicGaussianPrior(int dim, double std) {
    if (dim < 1 || !(std > 0)) {
      throw new IllegalArgumentException("prior needs dim >= 1 and std > 0, got " + dim + ", " + std);
    }
    this.dim = dim;
    this.std = std;
  }

  public double std() {
    return std;
  }

  @Override
  public INDArray sample(int n, RandomSource random) {
    return random.normal(n, dim).muli(std);
  }

  @Override
  public INDArray logDensity(INDArray x) {
    double[] v = Rows.values(x);
    int n = v.length / dim;
    double[] out = new double[n];
    double norm = -0.5 * dim * Math.log(2 * Math.PI * std * std);
    double inv = 1 / (std * std);
    for (int r = 0; r < n; r++) {
      double sq = 0;
      for (int i = 0; i < dim; i++) {
        double z = v[r * dim + i];
        sq += z * z;
      }
      out[r] = norm - 0.5 * sq * inv;
    }
    return Rows.vector(out);
  }
}
