package io.driftkit.control.smc;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;

/**
 * The particles' log weights and the running log Z estimate, in float64.
 *
 * <p>Weights are kept as {@code logZ = offset + logsumexp(logW) - log n}: reweighting adds the incremental log
 * weights to {@code logW}, which multiplies the estimate by the weighted mean of the incremental weights
 * {@code sum_i W_i w_i} (W the normalised weights before the increment); resampling folds the current estimate into
 * {@code offset} and resets {@code logW} to 0, so the estimate is unchanged by it. Hence at every point
 * {@code offset + logW_i} are per-particle log weights whose {@code logsumexp - log n} is the estimate.
 */
final class WeightBook {

  private final int n;
  private double[] logW;
  private double offset;

  WeightBook(int n) {
    this.n = n;
    this.logW = new double[n];
  }

  /** Multiplies weight i by {@code exp(increment[i])}. */
  void reweight(double[] increment) {
    for (int i = 0; i < n; i++) {
      logW[i] += increment[i];
    }
  }

  /** The current log Z estimate. */
  double logZ() {
    return offset + Rows.logSumExp(logW) - Math.log(n);
  }

  /** Normalised effective sample size {@code (sum w)^2 / (n sum w^2)} in (0, 1]. */
  double ess() {
    double[] twice = new double[n];
    for (int i = 0; i < n; i++) {
      twice[i] = 2 * logW[i];
    }
    return Math.exp(2 * Rows.logSumExp(logW) - Rows.logSumExp(twice) - Math.log(n));
  }

  /**
   * Systematic resampling: one uniform u, particle i is copied once for every point {@code (u + m) / n} that falls
   * in its stretch of the cumulative normalised weights. Returns the ancestors and resets the weights to equal.
   */
  int[] resample(RandomSource random) {
    double lse = Rows.logSumExp(logW);
    int[] ancestors = new int[n];
    double u = random.nextDouble();
    double cumulative = 0;
    int m = 0;
    for (int i = 0; i < n && m < n; i++) {
      cumulative += Math.exp(logW[i] - lse) * n;
      while (m < n && u + m < cumulative) {
        ancestors[m++] = i;
      }
    }
    // rounding can leave the last few points past a cumulative sum of 1 - 1e-16: they belong to the last particle
    // with positive weight
    int last = n - 1;
    while (last > 0 && logW[last] == Double.NEGATIVE_INFINITY) {
      last--;
    }
    while (m < n) {
      ancestors[m++] = last;
    }
    offset = logZ();
    logW = new double[n];
    return ancestors;
  }

  /** Per-particle log weights {@code offset + logW_i}, an unbiased estimate of Z on average. */
  double[] logWeights() {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = offset + logW[i];
    }
    return out;
  }
}
