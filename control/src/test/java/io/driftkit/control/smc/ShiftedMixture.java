package io.driftkit.control.smc;

import io.driftkit.api.Target;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Test target: a normalised Gaussian mixture times exp(logZ), so its exact normaliser is exp(logZ). */
final class ShiftedMixture implements Target {

  final GaussianMixture mixture;
  private final double logZ;

  ShiftedMixture(GaussianMixture mixture, double logZ) {
    this.mixture = mixture;
    this.logZ = logZ;
  }

  /** N(mean, diag(variances)) times exp(logZ). */
  static ShiftedMixture gaussian(double[] mean, double[] variances, double logZ) {
    int d = mean.length;
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) {
      cov[i][i] = variances[i];
    }
    return new ShiftedMixture(GaussianMixture.of(new double[] {1}, new double[][] {mean}, new double[][][] {cov}),
        logZ);
  }

  @Override
  public int dim() {
    return mixture.dim();
  }

  @Override
  public INDArray logDensity(INDArray x) {
    double[] v = Rows.values(mixture.logDensity(x));
    for (int i = 0; i < v.length; i++) {
      v[i] += logZ;
    }
    return Rows.vector(v);
  }

  @Override
  public INDArray gradLogDensity(INDArray x) {
    return mixture.score(x);
  }

  @Override
  public OptionalDouble logNormalizer() {
    return OptionalDouble.of(logZ);
  }
}
