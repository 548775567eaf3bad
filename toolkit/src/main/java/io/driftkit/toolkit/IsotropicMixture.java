package io.driftkit.toolkit;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fast form of a {@link GaussianMixture} whose components are all isotropic, {@code N(mu_k, v_k I)}, optionally
 * diffused to {@code alpha X + sigma Z}: component k becomes {@code N(alpha mu_k, s_k^2 I)} with
 * {@code s_k^2 = alpha^2 v_k + sigma^2}. Log density and score come from one Java loop over rows and components,
 * {@code log p = logsumexp_k (log w_k - d/2 log(2 pi s_k^2) - |x - alpha mu_k|^2 / (2 s_k^2))} and
 * {@code score = sum_k r_k (alpha mu_k - x) / s_k^2}, without the general form's triangular solves (the tests check
 * both forms agree).
 */
public final class IsotropicMixture {

  private final int dim;
  private final int components;
  private final double[] means;
  private final double[] logWeights;
  private final double[] variances;

  private IsotropicMixture(GaussianMixture m, double[] variances) {
    this.dim = m.dim();
    this.components = m.components();
    this.means = new double[components * dim];
    this.logWeights = new double[components];
    for (int c = 0; c < components; c++) {
      System.arraycopy(m.mean(c), 0, means, c * dim, dim);
      logWeights[c] = Math.log(m.weight(c));
    }
    this.variances = variances;
  }

  /** The fast form of {@code m}, or empty when some component's covariance is not a multiple of I. */
  public static Optional<IsotropicMixture> of(GaussianMixture m) {
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
    return Optional.of(new IsotropicMixture(m, variances));
  }

  /** log p at each row of x ({@code [n]}), for the mixture diffused with alpha, sigma. */
  public INDArray logDensity(INDArray x, double alpha, double sigma) {
    return evaluate(x, alpha, sigma, false);
  }

  /** grad log p at each row of x ({@code [n, d]}), for the mixture diffused with alpha, sigma. */
  public INDArray score(INDArray x, double alpha, double sigma) {
    return evaluate(x, alpha, sigma, true);
  }

  private INDArray evaluate(INDArray x, double alpha, double sigma, boolean gradient) {
    double[] v = Rows.values(x);
    int n = v.length / dim;
    double[] inverse = new double[components];
    double[] offset = new double[components];
    for (int c = 0; c < components; c++) {
      double s2 = alpha * alpha * variances[c] + sigma * sigma;
      inverse[c] = 1 / s2;
      offset[c] = logWeights[c] - 0.5 * dim * Math.log(2 * Math.PI * s2);
    }
    double[] out = new double[gradient ? v.length : n];
    double[] terms = new double[components];
    for (int r = 0; r < n; r++) {
      int off = r * dim;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < components; c++) {
        int mo = c * dim;
        double d2 = 0;
        for (int i = 0; i < dim; i++) {
          double t = v[off + i] - alpha * means[mo + i];
          d2 += t * t;
        }
        terms[c] = offset[c] - 0.5 * d2 * inverse[c];
        max = Math.max(max, terms[c]);
      }
      double sum = 0;
      for (int c = 0; c < components; c++) {
        terms[c] = Math.exp(terms[c] - max);
        sum += terms[c];
      }
      if (!gradient) {
        out[r] = max + Math.log(sum);
        continue;
      }
      for (int c = 0; c < components; c++) {
        double weight = terms[c] / sum * inverse[c];
        if (weight == 0) {
          continue;
        }
        int mo = c * dim;
        for (int i = 0; i < dim; i++) {
          out[off + i] += weight * (alpha * means[mo + i] - v[off + i]);
        }
      }
    }
    return gradient ? Rows.matrix(out, n, dim) : Rows.vector(out);
  }
}
