package io.driftkit.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.RandomSource;
import org.junit.jupiter.api.Test;

class LogZTest {

  @Test
  void smallCasesByHand() {
    double[] logW = {Math.log(1), Math.log(3)};
    assertThat(LogZ.importanceSampling(logW)).isCloseTo(Math.log(2), within(1e-15));
    assertThat(LogZ.elbo(logW)).isCloseTo(0.5 * Math.log(3), within(1e-15));
    // (1 + 3)^2 / (2 (1 + 9)) = 0.8
    assertThat(LogZ.normalisedEss(logW)).isCloseTo(0.8, within(1e-15));
    assertThat(LogZ.absoluteError(-1.5, 2)).isEqualTo(3.5);
  }

  @Test
  void equalAndHugeWeightsDoNotOverflow() {
    double[] logW = {1000, 1000, 1000};
    assertThat(LogZ.importanceSampling(logW)).isCloseTo(1000, within(1e-12));
    assertThat(LogZ.normalisedEss(logW)).isCloseTo(1, within(1e-12));
    assertThat(LogZ.normalisedEss(new double[] {-1e4, 0, -2e4})).isCloseTo(1.0 / 3, within(1e-12));
    assertThatThrownBy(() -> LogZ.elbo(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Proposal q = N(0, 1), unnormalised target exp(-x^2 / (2 s^2)) with Z = s sqrt(2 pi). Then
   * E_q[log w] = log Z - KL(q || p) and E_p[log w] = log Z + KL(p || q) in closed form; tolerances are five
   * standard errors estimated from the same draws.
   */
  @Test
  void gaussianImportanceSamplingMatchesClosedForms() {
    double s = 0.8;
    double logZ = Math.log(s * Math.sqrt(2 * Math.PI));
    int n = 200_000;
    RandomSource random = new RandomSource(1);
    double[] fromQ = new double[n];
    double[] fromP = new double[n];
    for (int i = 0; i < n; i++) {
      double x = random.nextGaussian();
      fromQ[i] = logW(x, s);
      fromP[i] = logW(s * random.nextGaussian(), s);
    }
    double klQP = Math.log(s) + 1 / (2 * s * s) - 0.5;
    double klPQ = -Math.log(s) + s * s / 2 - 0.5;
    assertThat(LogZ.elbo(fromQ)).isCloseTo(logZ - klQP, within(5 * sd(fromQ) / Math.sqrt(n)));
    assertThat(LogZ.eubo(fromP)).isCloseTo(logZ + klPQ, within(5 * sd(fromP) / Math.sqrt(n)));
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = Math.exp(fromQ[i] - logZ);
    }
    // delta method: sd(log mean w) = sd(w) / (sqrt(n) mean w), mean w = 1
    assertThat(LogZ.importanceSampling(fromQ)).isCloseTo(logZ, within(5 * sd(w) / Math.sqrt(n)));
    // ESS of this pair in closed form: (E w)^2 / E w^2 with E_q[w^2]/Z^2 = 1 / (s^2 sqrt(2/s^2 - 1))
    double ess = s * s * Math.sqrt(2 / (s * s) - 1);
    assertThat(LogZ.normalisedEss(fromQ)).isCloseTo(ess, within(0.01));
  }

  private static double logW(double x, double s) {
    return -x * x / (2 * s * s) - (-0.5 * x * x - 0.5 * Math.log(2 * Math.PI));
  }

  static double sd(double[] v) {
    double m = 0;
    for (double x : v) {
      m += x;
    }
    m /= v.length;
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  /**
   * log w ~ N(0, s^2) has w lognormal with Var(w) / E[w]^2 = e^{s^2} - 1 exactly, so the IS estimate's standard error
   * is sqrt((e^{s^2} - 1) / n) and the ELBO's is s / sqrt(n). The estimates from one draw of n = 20 000 weights must
   * match within 10 % (for the ELBO's, the relative MC error of a sample sd is 1 / sqrt(2n) = 0.5 %; for the IS one
   * with s = 0.5 the fourth moment of w makes it about sqrt((e^{4s^2} - 1) / n) / (e^{s^2} - 1) = 4 %). The
   * spread of 400 independent IS estimates of 500 weights each checks the delta method itself (its sd has
   * relative MC error 1 / sqrt(2 * 400) = 3.5 %; the delta method's bias at n = 500 is O(1 / n)): within 15 %.
   */
  @Test
  void standardErrorsMatchTheLognormalClosedForms() {
    double s = 0.5;
    int n = 20_000;
    double[] logW = lognormalLogWeights(new RandomSource(5).split("se"), n, s);
    assertThat(LogZ.elboStandardError(logW)).isCloseTo(s / Math.sqrt(n), within(0.1 * s / Math.sqrt(n)));
    double exact = Math.sqrt(Math.expm1(s * s) / n);
    assertThat(LogZ.importanceSamplingStandardError(logW)).isCloseTo(exact, within(0.1 * exact));

    int m = 500;
    int reps = 400;
    double[] estimates = new double[reps];
    RandomSource random = new RandomSource(6);
    for (int r = 0; r < reps; r++) {
      estimates[r] = LogZ.importanceSampling(lognormalLogWeights(random.split("rep-" + r), m, s));
    }
    double mean = java.util.Arrays.stream(estimates).average().orElseThrow();
    double spread = Math.sqrt(java.util.Arrays.stream(estimates).map(e -> (e - mean) * (e - mean)).sum()
        / (reps - 1));
    double predicted = Math.sqrt(Math.expm1(s * s) / m);
    assertThat(spread).isCloseTo(predicted, within(0.15 * predicted));
    assertThat(LogZ.elboStandardError(new double[] {1})).isNaN();
  }

  private static double[] lognormalLogWeights(RandomSource random, int n, double s) {
    double[] z = io.driftkit.toolkit.Rows.values(random.normal(n, 1));
    for (int i = 0; i < n; i++) {
      z[i] *= s;
    }
    return z;
  }
}
