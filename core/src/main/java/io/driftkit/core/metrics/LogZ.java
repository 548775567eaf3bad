package io.driftkit.core.metrics;

import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Normalising-constant estimates from log importance weights {@code log w} with {@code E[w] = Z} (REFERENCES §3):
 * the ELBO (a lower bound on log Z in expectation), the importance-sampling estimate, the EUBO (an upper bound,
 * from weights of trajectories started at exact target samples) and the normalised effective sample size.
 */
public final class LogZ {

  private LogZ() {}

  /** ELBO = mean log w (over proposal samples); at most log Z in expectation. */
  public static double elbo(double[] logW) {
    requireNonEmpty(logW);
    double s = 0;
    for (double v : logW) {
      s += v;
    }
    return s / logW.length;
  }

  /** Importance-sampling estimate log(mean w), computed as logsumexp(log w) - log n. */
  public static double importanceSampling(double[] logW) {
    requireNonEmpty(logW);
    return Rows.logSumExp(logW) - Math.log(logW.length);
  }

  /**
   * EUBO = mean log w over weights evaluated on trajectories that start from exact target samples (the
   * reference chain run backwards from the target); at least log Z in expectation.
   */
  public static double eubo(double[] logWOnTargetSamples) {
    return elbo(logWOnTargetSamples);
  }

  /** |estimate - truth|. */
  public static double absoluteError(double estimate, double truth) {
    return Math.abs(estimate - truth);
  }

  /** Normalised ESS = (sum w)^2 / (n sum w^2), in (0, 1]; 1 for equal weights. Computed stably in log space. */
  public static double normalisedEss(double[] logW) {
    requireNonEmpty(logW);
    double[] twice = new double[logW.length];
    for (int i = 0; i < logW.length; i++) {
      twice[i] = 2 * logW[i];
    }
    return Math.exp(2 * Rows.logSumExp(logW) - Rows.logSumExp(twice) - Math.log(logW.length));
  }

  /** Standard error of the ELBO: the sample standard deviation of log w over sqrt(n) (NaN below two weights). */
  public static double elboStandardError(double[] logW) {
    requireNonEmpty(logW);
    int n = logW.length;
    if (n < 2) {
      return Double.NaN;
    }
    double mean = elbo(logW);
    double ss = 0;
    for (double v : logW) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (n - 1) / n);
  }

  /**
   * Standard error of the importance-sampling estimate log(mean w) by the delta method: sd(w) / (sqrt(n) mean w),
   * with w taken relative to its mean so that no weight overflows. It is itself estimated from the weights, so it
   * is too small when the weights' tail is not yet sampled (a low ESS says so). NaN below two weights.
   */
  public static double importanceSamplingStandardError(double[] logW) {
    requireNonEmpty(logW);
    int n = logW.length;
    if (n < 2) {
      return Double.NaN;
    }
    double logMean = importanceSampling(logW);
    double ss = 0;
    for (double v : logW) {
      double r = Math.exp(v - logMean) - 1;
      ss += r * r;
    }
    return Math.sqrt(ss / (n - 1) / n);
  }

  /** {@link #elbo(double[])} of a {@code [n]} array. */
  public static double elbo(INDArray logW) {
    return elbo(Rows.values(logW));
  }

  /** {@link #importanceSampling(double[])} of a {@code [n]} array. */
  public static double importanceSampling(INDArray logW) {
    return importanceSampling(Rows.values(logW));
  }

  /** {@link #normalisedEss(double[])} of a {@code [n]} array. */
  public static double normalisedEss(INDArray logW) {
    return normalisedEss(Rows.values(logW));
  }

  private static void requireNonEmpty(double[] logW) {
    if (logW == null || logW.length == 0) {
      throw new IllegalArgumentException("need at least one log weight");
    }
  }
}
