package io.driftkit.control.smc;

/**
 * How the inverse temperatures {@code 0 = beta_0 < beta_1 < ... < beta_K = 1} of the annealing path are spaced.
 */
public enum Schedule {
  /** {@code beta_k = k / K}. */
  LINEAR,
  /** {@code beta_k = (k / K)^p}: small steps near the reference, where the weights change fastest for p > 1. */
  POWER,
  /** {@code beta_0 = 0}, then {@code beta_1 = beta-min} up to {@code beta_K = 1} in equal ratios. */
  GEOMETRIC;

  /**
   * The K + 1 inverse temperatures.
   *
   * @param temperatures K, at least 1
   * @param power the exponent of {@link #POWER}
   * @param betaMin the first non-zero inverse temperature of {@link #GEOMETRIC}, in (0, 1)
   */
  public double[] betas(int temperatures, double power, double betaMin) {
    int k = temperatures;
    double[] beta = new double[k + 1];
    for (int i = 1; i < k; i++) {
      double s = (double) i / k;
      beta[i] = switch (this) {
        case LINEAR -> s;
        case POWER -> Math.pow(s, power);
        // i = 1 .. K-1 of K - 1 equal log-steps from betaMin to 1
        case GEOMETRIC -> Math.exp(Math.log(betaMin) * (k - i) / (k - 1));
      };
    }
    beta[k] = 1;
    return beta;
  }
}
