package io.driftkit.api;

/**
 * A target's description of itself as a Gaussian mixture {@code sum_k w_k N(mu_k, Sigma_k)}: plain numbers from
 * which oracles (exact scores, exact interpolant drifts, metrics) are built. Weights need not be normalised.
 *
 * @param weights positive component weights, {@code [K]}
 * @param means component means, {@code [K][d]}
 * @param covariances component covariances, {@code [K][d][d]}, symmetric positive definite
 */
public record GaussianMixtureSpec(double[] weights, double[][] means, double[][][] covariances) {

  public GaussianMixtureSpec {
    int k = weights.length;
    if (k == 0 || means.length != k || covariances.length != k) {
      throw new IllegalArgumentException("a mixture needs as many means and covariances as weights (" + k + ")");
    }
    int d = means[0].length;
    for (int c = 0; c < k; c++) {
      if (!(weights[c] > 0) || !Double.isFinite(weights[c])) {
        throw new IllegalArgumentException("mixture weights must be positive and finite, got " + weights[c]);
      }
      if (means[c].length != d || covariances[c].length != d) {
        throw new IllegalArgumentException("component " + c + " does not have dimension " + d);
      }
      for (double[] row : covariances[c]) {
        if (row.length != d) {
          throw new IllegalArgumentException("covariance of component " + c + " is not " + d + " x " + d);
        }
      }
    }
  }

  /** A mixture whose components have covariance {@code variances[k] I}. */
  public static GaussianMixtureSpec isotropic(double[] weights, double[][] means, double[] variances) {
    int d = means[0].length;
    double[][][] cov = new double[weights.length][d][d];
    for (int c = 0; c < weights.length; c++) {
      for (int i = 0; i < d; i++) {
        cov[c][i][i] = variances[c];
      }
    }
    return new GaussianMixtureSpec(weights, means, cov);
  }

  /** The dimension d. */
  public int dim() {
    return means[0].length;
  }

  /** The number of components K. */
  public int components() {
    return weights.length;
  }
}
