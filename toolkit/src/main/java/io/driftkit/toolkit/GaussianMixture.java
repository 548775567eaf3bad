package io.driftkit.toolkit;

import io.driftkit.api.GaussianMixtureSpec;
import io.driftkit.api.RandomSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A normalised mixture of Gaussians {@code sum_k w_k N(mu_k, Sigma_k)} with exact log density, score and sampling.
 * Mixture targets describe themselves with one, and oracles diffuse it: under a linear forward process
 * {@code X_t = alpha X_0 + sigma Z}, so X_t is again a mixture ({@link #diffuse}).
 */
public final class GaussianMixture {

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final int dim;
  private final double[] weights;
  private final double[] logWeights;
  private final double[][] means;
  private final double[][][] covariances;
  private final double[][][] cholesky;
  private final double[] logDet;
  private final boolean diagonal;

  private GaussianMixture(double[] weights, double[][] means, double[][][] covariances) {
    int k = weights.length;
    if (k == 0 || means.length != k || covariances.length != k) {
      throw new IllegalArgumentException("a mixture needs as many means and covariances as weights (" + k + ")");
    }
    this.dim = means[0].length;
    double total = 0;
    for (double w : weights) {
      if (!(w > 0)) {
        throw new IllegalArgumentException("mixture weights must be positive, got " + w);
      }
      total += w;
    }
    this.weights = new double[k];
    this.logWeights = new double[k];
    this.means = new double[k][];
    this.covariances = new double[k][][];
    this.cholesky = new double[k][][];
    this.logDet = new double[k];
    boolean diag = true;
    for (int c = 0; c < k; c++) {
      this.weights[c] = weights[c] / total;
      this.logWeights[c] = Math.log(this.weights[c]);
      if (means[c].length != dim || covariances[c].length != dim) {
        throw new IllegalArgumentException("component " + c + " does not have dimension " + dim);
      }
      this.means[c] = means[c].clone();
      this.covariances[c] = new double[dim][];
      for (int i = 0; i < dim; i++) {
        this.covariances[c][i] = covariances[c][i].clone();
        for (int j = 0; j < dim; j++) {
          diag &= i == j || covariances[c][i][j] == 0;
        }
      }
      this.cholesky[c] = Cholesky.factor(this.covariances[c], "covariance of component " + c);
      double ld = 0;
      for (int i = 0; i < dim; i++) {
        ld += 2 * Math.log(cholesky[c][i][i]);
      }
      this.logDet[c] = ld;
    }
    this.diagonal = diag;
  }

  /** The numerics of a target's mixture description. */
  public static GaussianMixture of(GaussianMixtureSpec spec) {
    return new GaussianMixture(spec.weights(), spec.means(), spec.covariances());
  }

  /** This mixture as plain numbers (normalised weights), for {@link io.driftkit.api.Target#mixture()}. */
  public GaussianMixtureSpec spec() {
    double[][] m = new double[weights.length][];
    double[][][] cov = new double[weights.length][][];
    for (int c = 0; c < weights.length; c++) {
      m[c] = mean(c);
      cov[c] = covariance(c);
    }
    return new GaussianMixtureSpec(weights.clone(), m, cov);
  }

  /** A mixture with full covariance matrices; weights are normalised. */
  public static GaussianMixture of(double[] weights, double[][] means, double[][][] covariances) {
    return new GaussianMixture(weights, means, covariances);
  }

  /** A mixture whose components have covariance {@code variances[k] I}. */
  public static GaussianMixture isotropic(double[] weights, double[][] means, double[] variances) {
    int d = means[0].length;
    double[][][] cov = new double[weights.length][d][d];
    for (int c = 0; c < weights.length; c++) {
      for (int i = 0; i < d; i++) {
        cov[c][i][i] = variances[c];
      }
    }
    return new GaussianMixture(weights, means, cov);
  }

  /** The law of {@code alpha X + sigma Z} for X from this mixture and Z standard normal. */
  public GaussianMixture diffuse(double alpha, double sigma) {
    int k = weights.length;
    double[][] m = new double[k][dim];
    double[][][] cov = new double[k][dim][dim];
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < dim; i++) {
        m[c][i] = alpha * means[c][i];
        for (int j = 0; j < dim; j++) {
          cov[c][i][j] = alpha * alpha * covariances[c][i][j] + (i == j ? sigma * sigma : 0);
        }
      }
    }
    return new GaussianMixture(weights, m, cov);
  }

  public int dim() {
    return dim;
  }

  public int components() {
    return weights.length;
  }

  /** The normalised weight of component k. */
  public double weight(int k) {
    return weights[k];
  }

  public double[] mean(int k) {
    return means[k].clone();
  }

  public double[][] covariance(int k) {
    double[][] copy = new double[dim][];
    for (int i = 0; i < dim; i++) {
      copy[i] = covariances[k][i].clone();
    }
    return copy;
  }

  /** The normalised log density of each row ({@code [n]}). */
  public INDArray logDensity(INDArray x) {
    double[] v = Rows.values(x);
    int n = v.length / dim;
    double[] out = new double[n];
    double[] z = new double[dim];
    double[] terms = new double[weights.length];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < weights.length; c++) {
        terms[c] = logWeights[c] + componentLogDensity(c, v, r * dim, z);
      }
      out[r] = Rows.logSumExp(terms);
    }
    return Rows.vector(out);
  }

  /** The score {@code grad log p} of each row ({@code [n, d]}). */
  public INDArray score(INDArray x) {
    double[] v = Rows.values(x);
    int n = v.length / dim;
    double[] out = new double[n * dim];
    double[] z = new double[dim];
    double[] terms = new double[weights.length];
    double[][] precisionTimesDiff = new double[weights.length][dim];
    for (int r = 0; r < n; r++) {
      int off = r * dim;
      for (int c = 0; c < weights.length; c++) {
        terms[c] = logWeights[c] + componentLogDensity(c, v, off, z);
        backSolve(c, z, precisionTimesDiff[c]);
      }
      double lse = Rows.logSumExp(terms);
      for (int c = 0; c < weights.length; c++) {
        double resp = Math.exp(terms[c] - lse);
        for (int i = 0; i < dim; i++) {
          out[off + i] -= resp * precisionTimesDiff[c][i];
        }
      }
    }
    return Rows.matrix(out, n, dim);
  }

  /** The posterior probability of each component for each row ({@code [n, K]}). */
  public INDArray responsibilities(INDArray x) {
    double[] v = Rows.values(x);
    int n = v.length / dim;
    int k = weights.length;
    double[] out = new double[n * k];
    double[] z = new double[dim];
    double[] terms = new double[k];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < k; c++) {
        terms[c] = logWeights[c] + componentLogDensity(c, v, r * dim, z);
      }
      double lse = Rows.logSumExp(terms);
      for (int c = 0; c < k; c++) {
        out[r * k + c] = Math.exp(terms[c] - lse);
      }
    }
    return Rows.matrix(out, n, k);
  }

  /** {@code n} exact samples ({@code [n, d]}). */
  public INDArray sample(int n, RandomSource random) {
    double[] out = new double[n * dim];
    double[] eps = new double[dim];
    for (int r = 0; r < n; r++) {
      int c = pick(random.nextDouble());
      for (int i = 0; i < dim; i++) {
        eps[i] = random.nextGaussian();
      }
      double[][] l = cholesky[c];
      for (int i = 0; i < dim; i++) {
        double s = means[c][i];
        for (int j = 0; j <= i; j++) {
          s += l[i][j] * eps[j];
        }
        out[r * dim + i] = s;
      }
    }
    return Rows.matrix(out, n, dim);
  }

  /** The overall mean {@code sum_k w_k mu_k}. */
  public double[] mean() {
    double[] m = new double[dim];
    for (int c = 0; c < weights.length; c++) {
      for (int i = 0; i < dim; i++) {
        m[i] += weights[c] * means[c][i];
      }
    }
    return m;
  }

  /** E[x_i^2] for each coordinate. */
  public double[] secondMoments() {
    double[] m = new double[dim];
    for (int c = 0; c < weights.length; c++) {
      for (int i = 0; i < dim; i++) {
        m[i] += weights[c] * (covariances[c][i][i] + means[c][i] * means[c][i]);
      }
    }
    return m;
  }

  private int pick(double u) {
    double acc = 0;
    for (int c = 0; c < weights.length - 1; c++) {
      acc += weights[c];
      if (u < acc) {
        return c;
      }
    }
    return weights.length - 1;
  }

  /** log N(x; mu_c, Sigma_c), leaving the whitened residual L^-1 (x - mu) in z. */
  private double componentLogDensity(int c, double[] v, int off, double[] z) {
    double[][] l = cholesky[c];
    double[] mu = means[c];
    double quad = 0;
    for (int i = 0; i < dim; i++) {
      double s = v[off + i] - mu[i];
      if (!diagonal) {
        for (int j = 0; j < i; j++) {
          s -= l[i][j] * z[j];
        }
      }
      z[i] = s / l[i][i];
      quad += z[i] * z[i];
    }
    return -0.5 * (quad + logDet[c] + dim * LOG_2PI);
  }

  /** Solves L^T y = z, so y = Sigma^-1 (x - mu). */
  private void backSolve(int c, double[] z, double[] y) {
    double[][] l = cholesky[c];
    for (int i = dim - 1; i >= 0; i--) {
      double s = z[i];
      if (!diagonal) {
        for (int j = i + 1; j < dim; j++) {
          s -= l[j][i] * y[j];
        }
      }
      y[i] = s / l[i][i];
    }
  }
}
