package io.driftkit.testkit;

import io.driftkit.api.GaussianMixtureSpec;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The normalised density and moments of a {@link GaussianMixtureSpec}, computed with Commons Math rather than with
 * driftkit's toolkit, so that a target built on the toolkit's mixture numerics is checked against something
 * independent of them.
 */
public final class MixtureOracle {

  private final double[] logWeights;
  private final double[][] means;
  private final DecompositionSolver[] solvers;
  private final double[] logNorms;
  private final GaussianMixtureSpec spec;

  public MixtureOracle(GaussianMixtureSpec spec) {
    this.spec = spec;
    int k = spec.components();
    int d = spec.dim();
    double total = 0;
    for (double w : spec.weights()) {
      total += w;
    }
    logWeights = new double[k];
    means = spec.means();
    solvers = new DecompositionSolver[k];
    logNorms = new double[k];
    for (int c = 0; c < k; c++) {
      logWeights[c] = Math.log(spec.weights()[c] / total);
      RealMatrix cov = new Array2DRowRealMatrix(spec.covariances()[c], true);
      CholeskyDecomposition chol = new CholeskyDecomposition(cov);
      solvers[c] = chol.getSolver();
      logNorms[c] = -0.5 * (d * Math.log(2 * Math.PI) + Math.log(chol.getDeterminant()));
    }
  }

  /** log of the normalised mixture density at x. */
  public double logDensity(double[] x) {
    int k = logWeights.length;
    double[] terms = new double[k];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      double[] r = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        r[i] = x[i] - means[c][i];
      }
      double[] s = solvers[c].solve(new org.apache.commons.math3.linear.ArrayRealVector(r, false)).toArray();
      double quad = 0;
      for (int i = 0; i < x.length; i++) {
        quad += r[i] * s[i];
      }
      terms[c] = logWeights[c] + logNorms[c] - 0.5 * quad;
      max = Math.max(max, terms[c]);
    }
    double sum = 0;
    for (double t : terms) {
      sum += Math.exp(t - max);
    }
    return max + Math.log(sum);
  }

  /** E[x]. */
  public double[] mean() {
    int d = spec.dim();
    double[] m = new double[d];
    for (int c = 0; c < logWeights.length; c++) {
      double w = Math.exp(logWeights[c]);
      for (int i = 0; i < d; i++) {
        m[i] += w * means[c][i];
      }
    }
    return m;
  }

  /** E[x x^T] = sum_k w_k (Sigma_k + mu_k mu_k^T). */
  public double[][] secondMoment() {
    int d = spec.dim();
    double[][] s = new double[d][d];
    for (int c = 0; c < logWeights.length; c++) {
      double w = Math.exp(logWeights[c]);
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          s[i][j] += w * (spec.covariances()[c][i][j] + means[c][i] * means[c][j]);
        }
      }
    }
    return s;
  }
}
