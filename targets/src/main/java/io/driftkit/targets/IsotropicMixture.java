package io.driftkit.targets;

import io.driftkit.api.math.GaussianMixture;
import io.driftkit.api.math.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Log density and score of a mixture whose components all have covariance s^2 I, in one Java loop over rows and
 * components: {@code log p = logsumexp_k (log w_k - |x - mu_k|^2 / (2 s^2)) - d/2 log(2 pi s^2)} and
 * {@code grad = sum_k r_k (mu_k - x) / s^2}. The general {@link GaussianMixture} does triangular solves per
 * component; this is the same maths without them (checked against it in the tests).
 */
final class IsotropicMixture {

  private final int dim;
  private final int k;
  private final double[] means;
  private final double[] logWeights;
  private final double variance;
  private final double constant;

  private IsotropicMixture(GaussianMixture m, double variance) {
    this.dim = m.dim();
    this.k = m.components();
    this.means = new double[k * dim];
    this.logWeights = new double[k];
    for (int c = 0; c < k; c++) {
      System.arraycopy(m.mean(c), 0, means, c * dim, dim);
      logWeights[c] = Math.log(m.weight(c));
    }
    this.variance = variance;
    this.constant = -0.5 * dim * Math.log(2 * Math.PI * variance);
  }

  /** The fast form of {@code m}, or null when some component is not s^2 I with one common s. */
  static IsotropicMixture of(GaussianMixture m) {
    double s2 = m.covariance(0)[0][0];
    for (int c = 0; c < m.components(); c++) {
      double[][] cov = m.covariance(c);
      for (int i = 0; i < m.dim(); i++) {
        for (int j = 0; j < m.dim(); j++) {
          if (cov[i][j] != (i == j ? s2 : 0)) {
            return null;
          }
        }
      }
    }
    return new IsotropicMixture(m, s2);
  }

  /** The log density plus {@code offset} ({@code [n]}) or, if {@code gradient}, the score ({@code [n, d]}). */
  INDArray evaluate(INDArray x, double offset, boolean gradient) {
    double[] v = Rows.values(x);
    int n = v.length / dim;
    double[] out = new double[gradient ? v.length : n];
    double[] terms = new double[k];
    double half = 0.5 / variance;
    for (int r = 0; r < n; r++) {
      int off = r * dim;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        int mo = c * dim;
        double d2 = 0;
        for (int i = 0; i < dim; i++) {
          double t = v[off + i] - means[mo + i];
          d2 += t * t;
        }
        terms[c] = logWeights[c] - half * d2;
        max = Math.max(max, terms[c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        terms[c] = Math.exp(terms[c] - max);
        sum += terms[c];
      }
      if (!gradient) {
        out[r] = max + Math.log(sum) + constant + offset;
        continue;
      }
      for (int c = 0; c < k; c++) {
        double resp = terms[c] / sum;
        if (resp == 0) {
          continue;
        }
        int mo = c * dim;
        for (int i = 0; i < dim; i++) {
          out[off + i] += resp * means[mo + i];
        }
      }
      for (int i = 0; i < dim; i++) {
        out[off + i] = (out[off + i] - v[off + i]) / variance;
      }
    }
    return gradient ? Rows.matrix(out, n, dim) : Rows.vector(out);
  }
}
