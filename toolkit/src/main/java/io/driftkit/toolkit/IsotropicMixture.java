package io.driftkit.toolkit;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fast form of a {@link GaussianMixture} whose components are all isotropic, {@code N(mu_k, v_k I)}, optionally
 * diffused to {@code alpha X + sigma Z}: component k becomes {@code N(alpha mu_k, s_k^2 I)} with
 * {@code s_k^2 = alpha^2 v_k + sigma^2}. Log density and score come from one Java loop over rows and components,
 * {@code log p = logsumexp_k (log w_k - d/2 log(2 pi s_k^2) - |x - alpha mu_k|^2 / (2 s_k^2))} and
 * {@code score = sum_k r_k (alpha mu_k - x) / s_k^2}, without the general form's triangular solves (the tests check
 * both forms agree). With the Vector API module in the JVM ({@code --add-modules jdk.incubator.vector}, as the
 * driftkit script starts it) rows go through a SIMD kernel that runs near the float64 FMA peak, else through a
 * scalar loop; both give the same values to rounding.
 */
public final class IsotropicMixture {

  private final int dim;
  private final int components;
  private final double[] means;
  private final double[] logWeights;
  private final double[] variances;
  private final MixtureKernel kernel;

  private IsotropicMixture(GaussianMixture m, double[] variances, MixtureKernel kernel) {
    this.dim = m.dim();
    this.components = m.components();
    this.means = new double[components * dim];
    this.logWeights = new double[components];
    for (int c = 0; c < components; c++) {
      System.arraycopy(m.mean(c), 0, means, c * dim, dim);
      logWeights[c] = Math.log(m.weight(c));
    }
    this.variances = variances;
    this.kernel = kernel;
  }

  /** The fast form of {@code m}, or empty when some component's covariance is not a multiple of I. */
  public static Optional<IsotropicMixture> of(GaussianMixture m) {
    return of(m, MixtureKernel.best());
  }

  /** With a chosen kernel: the tests compare the Vector API kernel with the scalar one. */
  static Optional<IsotropicMixture> of(GaussianMixture m, MixtureKernel kernel) {
    double[] variances = new double[m.components()];
    for (int c = 0; c < m.components(); c++) {
      double[][] cov = m.covariance(c);
      variances[c] = cov[0][0];
      for (int i = 0; i < m.dim(); i++) {
        for (int j = 0; j < m.dim(); j++) {
          if (cov[i][j] != (i == j ? variances[c] : 0)) {
            return Optional.empty();
          }
        }
      }
    }
    return Optional.of(new IsotropicMixture(m, variances, kernel));
  }

  /** log p at each row of x ({@code [n]}), for the mixture diffused with alpha, sigma. */
  public INDArray logDensity(INDArray x, double alpha, double sigma) {
    return evaluate(x, alpha, sigma, false);
  }

  /** grad log p at each row of x ({@code [n, d]}), for the mixture diffused with alpha, sigma. */
  public INDArray score(INDArray x, double alpha, double sigma) {
    return evaluate(x, alpha, sigma, true);
  }

  /**
   * grad log p at the {@code n} rows of {@code x} ({@code [n * d]}, row-major) into {@code out} ({@code [n * d]},
   * overwritten), for the mixture diffused with alpha, sigma; no array is allocated per row.
   */
  public void score(double[] x, int n, double alpha, double sigma, double[] out) {
    kernel.evaluate(diffused(alpha, sigma), x, n, out, true);
  }

  /** log p at the {@code n} rows of {@code x} into {@code out[0..n)}, for the mixture diffused with alpha, sigma. */
  public void logDensity(double[] x, int n, double alpha, double sigma, double[] out) {
    kernel.evaluate(diffused(alpha, sigma), x, n, out, false);
  }

  private INDArray evaluate(INDArray x, double alpha, double sigma, boolean gradient) {
    double[] v = Rows.values(x);
    int n = v.length / dim;
    double[] out = new double[gradient ? v.length : n];
    kernel.evaluate(diffused(alpha, sigma), v, n, out, gradient);
    return gradient ? Rows.matrix(out, n, dim) : Rows.vector(out);
  }

  private MixtureKernel.Diffused diffused(double alpha, double sigma) {
    double[] inverse = new double[components];
    double[] offset = new double[components];
    double[] scaled = new double[means.length];
    for (int c = 0; c < components; c++) {
      double s2 = alpha * alpha * variances[c] + sigma * sigma;
      inverse[c] = 1 / s2;
      offset[c] = logWeights[c] - 0.5 * dim * Math.log(2 * Math.PI * s2);
    }
    double[] pulls = new double[means.length];
    for (int i = 0; i < means.length; i++) {
      scaled[i] = alpha * means[i];
      pulls[i] = scaled[i] * inverse[i / dim];
    }
    return new MixtureKernel.Diffused(dim, components, scaled, pulls, inverse, offset);
  }
}
