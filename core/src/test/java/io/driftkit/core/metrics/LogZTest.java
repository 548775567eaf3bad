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
   * The standard errors against the spread they claim, with q = N(0, 1) and p proportional to exp(-x^2 / (2 s^2)):
   * log w = (1/2 - 1/(2 s^2)) x^2 + const, so Var_q(log w) = 2 (1/2 - 1/(2 s^2))^2
   * and the ELBO's error is its square root over sqrt(n); for log(mean w) the delta
   * method gives sqrt((E w^2 / (E w)^2 - 1) / n) with E w^2 / (E w)^2 = 1 / (s^2 sqrt(2 / s^2 - 1)). Over 2000
   * replicates of 500 weights the observed sd of the estimates is within about 2 % (sd of an sd estimate,
   * 1 / sqrt(2 R), widened for the weights' kurtosis) of the exact one; the tolerances are 10 %.
   */
  @Test
  void standardErrorsMatchTheSpreadOfReplicates() {
    double s = 0.8;
    int n = 500;
    int replicates = 2000;
    RandomSource random = new RandomSource(7);
    double[] is = new double[replicates];
    double[] elbo = new double[replicates];
    double isSe = 0;
    double elboSe = 0;
    for (int r = 0; r < replicates; r++) {
      double[] lw = new double[n];
      for (int i = 0; i < n; i++) {
        lw[i] = logW(random.nextGaussian(), s);
      }
      is[r] = LogZ.importanceSampling(lw);
      elbo[r] = LogZ.elbo(lw);
      isSe += LogZ.importanceSamplingStandardError(lw) / replicates;
      elboSe += LogZ.elboStandardError(lw) / replicates;
    }
    double c = 0.5 - 1 / (2 * s * s);
    double exactElbo = Math.sqrt(2 * c * c / n);
    double exactIs = Math.sqrt((1 / (s * s * Math.sqrt(2 / (s * s) - 1)) - 1) / n);
    assertThat(sd(elbo)).isCloseTo(exactElbo, within(0.1 * exactElbo));
    assertThat(elboSe).isCloseTo(exactElbo, within(0.1 * exactElbo));
    assertThat(sd(is)).isCloseTo(exactIs, within(0.1 * exactIs));
    assertThat(isSe).isCloseTo(exactIs, within(0.1 * exactIs));
    assertThat(LogZ.importanceSamplingStandardError(new double[] {3})).isNaN();
    assertThat(LogZ.elboStandardError(new double[] {2, 2, 2})).isZero();
  }
}
