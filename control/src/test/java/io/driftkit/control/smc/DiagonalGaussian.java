package io.driftkit.control.smc;

import io.driftkit.api.Target;
import io.driftkit.toolkit.Rows;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Test target {@code exp(logZ) N(mean, diag(variances))} in plain loops, so that its normaliser exp(logZ) is known
 * exactly and the many repeated runs of the tests stay cheap.
 */
final class DiagonalGaussian implements Target {

  private final double[] mean;
  private final double[] variance;
  private final double logZ;
  private final double constant;

  DiagonalGaussian(double[] mean, double[] variance, double logZ) {
    this.mean = mean.clone();
    this.variance = variance.clone();
    this.logZ = logZ;
    double c = logZ;
    for (double v : variance) {
      c -= 0.5 * Math.log(2 * Math.PI * v);
    }
    this.constant = c;
  }

  @Override
  public int dim() {
    return mean.length;
  }

  @Override
  public INDArray logDensity(INDArray x) {
    double[] v = Rows.values(x);
    int d = mean.length;
    double[] out = new double[v.length / d];
    for (int i = 0; i < out.length; i++) {
      double q = 0;
      for (int j = 0; j < d; j++) {
        double r = v[i * d + j] - mean[j];
        q += r * r / variance[j];
      }
      out[i] = constant - 0.5 * q;
    }
    return Rows.vector(out);
  }

  @Override
  public INDArray gradLogDensity(INDArray x) {
    double[] v = Rows.values(x);
    int d = mean.length;
    for (int k = 0; k < v.length; k++) {
      v[k] = -(v[k] - mean[k % d]) / variance[k % d];
    }
    return Rows.matrix(v, v.length / d, d);
  }

  @Override
  public OptionalDouble logNormalizer() {
    return OptionalDouble.of(logZ);
  }
}
