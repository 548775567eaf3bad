package io.driftkit.core.metrics;

import io.driftkit.toolkit.GaussianMixture;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The moment statistics of the sampling benchmarks: E[sum_i x_i] and E[sum_i x_i^2], estimated from samples and
 * compared with a ground truth (exact for mixtures, otherwise from exact target samples).
 */
public final class Moments {

  private Moments() {}

  /** The sample mean of sum_i x_i. */
  public static double meanOfSum(INDArray samples) {
    Samples s = Samples.of(samples, "samples");
    double total = 0;
    for (double v : s.v()) {
      total += v;
    }
    return total / s.n();
  }

  /** The sample mean of sum_i x_i^2. */
  public static double meanOfSumOfSquares(INDArray samples) {
    Samples s = Samples.of(samples, "samples");
    double total = 0;
    for (double v : s.v()) {
      total += v * v;
    }
    return total / s.n();
  }

  /** Exact E[sum_i x_i] of a mixture. */
  public static double meanOfSum(GaussianMixture mixture) {
    double total = 0;
    for (double m : mixture.mean()) {
      total += m;
    }
    return total;
  }

  /** Exact E[sum_i x_i^2] of a mixture. */
  public static double meanOfSumOfSquares(GaussianMixture mixture) {
    double total = 0;
    for (double m : mixture.secondMoments()) {
      total += m;
    }
    return total;
  }

  /** |mean of sum x over the samples - truth|. */
  public static double sumError(INDArray samples, double truth) {
    return Math.abs(meanOfSum(samples) - truth);
  }

  /** |mean of sum x^2 over the samples - truth|. */
  public static double sumOfSquaresError(INDArray samples, double truth) {
    return Math.abs(meanOfSumOfSquares(samples) - truth);
  }
}
