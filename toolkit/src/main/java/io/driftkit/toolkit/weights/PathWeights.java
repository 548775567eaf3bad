package io.driftkit.toolkit.weights;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float64 arithmetic of path-space importance weights (REFERENCES.md §3): Gaussian step log densities added
 * along a path, and what follows from the weights (log-mean-exp, normalised ESS, resampling). Non-finite log
 * weights count as zero weight.
 */
public final class PathWeights {

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private PathWeights() {}

  /** Adds {@code sign * log N(x_i; mean_i, variance I)} to {@code logWeights[i]} for every row i. */
  public static void addGaussianStep(double[] logWeights, INDArray x, INDArray mean, double variance, double sign) {
    INDArray r = x.sub(mean);
    double[] sq = Rows.values(r.muli(r).sum(1));
    double norm = -0.5 * x.size(1) * (LOG_2PI + Math.log(variance));
    for (int i = 0; i < logWeights.length; i++) {
      logWeights[i] += sign * (norm - 0.5 * sq[i] / variance);
    }
  }

  /**
   * Adds {@code sign * log N(x_i; mean_i, variance I)} for a step whose standardised residual
   * {@code z = (x - mean) / sqrt(variance)} is known (the noise drawn to make the step).
   */
  public static void addStandardisedStep(double[] logWeights, INDArray z, double variance, double sign) {
    double[] sq = Rows.values(z.mul(z).sum(1));
    double norm = -0.5 * z.size(1) * (LOG_2PI + Math.log(variance));
    for (int i = 0; i < logWeights.length; i++) {
      logWeights[i] += sign * (norm - 0.5 * sq[i]);
    }
  }

  /** {@code log(mean_i exp(logWeights[i]))}, computed stably; non-finite entries count as zero weight. */
  public static double logMeanExp(double[] logWeights) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logWeights) {
      if (Double.isFinite(l)) {
        max = Math.max(max, l);
      }
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    double sum = 0;
    for (double l : logWeights) {
      if (Double.isFinite(l)) {
        sum += Math.exp(l - max);
      }
    }
    return max + Math.log(sum / logWeights.length);
  }

  /** The normalised effective sample size {@code (sum w)^2 / (n sum w^2)} in (0, 1]; 0 when no weight is finite. */
  public static double normalisedEss(double[] logWeights) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logWeights) {
      if (Double.isFinite(l)) {
        max = Math.max(max, l);
      }
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return 0;
    }
    double s = 0;
    double s2 = 0;
    for (double l : logWeights) {
      if (Double.isFinite(l)) {
        double w = Math.exp(l - max);
        s += w;
        s2 += w * w;
      }
    }
    return s * s / (logWeights.length * s2);
  }

  /**
   * Systematic resampling: {@code m} indices with probabilities proportional to {@code exp(logWeights)}, from one
   * uniform draw (the lowest-variance of the standard schemes).
   *
   * @throws IllegalArgumentException when no weight is finite
   */
  public static int[] systematic(double[] logWeights, int m, RandomSource random) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logWeights) {
      if (Double.isFinite(l)) {
        max = Math.max(max, l);
      }
    }
    if (max == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException("cannot resample: no log weight is finite");
    }
    double[] cumulative = new double[logWeights.length];
    double total = 0;
    for (int i = 0; i < logWeights.length; i++) {
      total += Double.isFinite(logWeights[i]) ? Math.exp(logWeights[i] - max) : 0;
      cumulative[i] = total;
    }
    int[] out = new int[m];
    double u = random.nextDouble();
    int j = 0;
    for (int i = 0; i < m; i++) {
      double point = (i + u) / m * total;
      while (j < cumulative.length - 1 && cumulative[j] <= point) {
        j++;
      }
      out[i] = j;
    }
    return out;
  }
}
