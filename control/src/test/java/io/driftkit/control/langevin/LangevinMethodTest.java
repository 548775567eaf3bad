package io.driftkit.control.langevin;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.Components;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.sde.integrate.EulerMaruyama;
import io.driftkit.testkit.MixtureTarget;
import org.junit.jupiter.api.Test;

/**
 * Langevin chains on N(mu, diag(s2)) against exact answers. Each of the n chains contributes one independent sample,
 * so a mean has standard error sqrt(s2 / n), a variance sqrt(2 / n) s2 and a covariance sqrt(s2_i s2_j / n); the
 * tolerances are 4.5 of those (a false alarm has probability below 1e-5 per check, and the seed is fixed).
 */
class LangevinMethodTest {

  private static final double[] MEAN = {1.0, -2.0, 0.5};
  private static final double[] VAR = {1.0, 0.5, 2.0};
  private static final int N = 4000;
  private static final double Z = 4.5;

  private Method.Sample run(boolean mala, double h, int steps, long seed) {
    MixtureTarget target = MixtureTarget.gaussian(MEAN, VAR);
    LangevinMethod method = new LangevinMethod(h, mala, LangevinMethod.Init.NORMAL, 1.0);
    Components c = new Components(target, null, null, null, new EulerMaruyama(steps, TimeGrid.Spacing.UNIFORM));
    method.validate(c);
    return method.sample(c, N, new RandomSource(seed), StepObserver.NONE);
  }

  @Test
  void malaMatchesMeanAndCovarianceOfAGaussian() {
    Method.Sample s = run(true, 0.2, 400, 11);
    double[][] x = s.samples().toDoubleMatrix();
    double[] m = mean(x);
    for (int j = 0; j < 3; j++) {
      assertThat(m[j]).as("mean %d", j).isCloseTo(MEAN[j], org.assertj.core.data.Offset.offset(Z * Math.sqrt(VAR[j] / N)));
    }
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double cov = covariance(x, m, i, j);
        double expected = i == j ? VAR[i] : 0;
        double se = i == j ? Math.sqrt(2.0 / N) * VAR[i] : Math.sqrt(VAR[i] * VAR[j] / N);
        assertThat(cov).as("cov %d %d", i, j).isCloseTo(expected, org.assertj.core.data.Offset.offset(Z * se));
      }
    }
    assertThat(s.metrics().get("acceptance_rate").doubleValue()).isBetween(0.3, 1.0);
  }

  /**
   * Without the correction, Euler–Maruyama on N(mu, s2) has the known biased stationary variance
   * s2 / (1 - h / (2 s2)); MALA removes the bias. Both are checked against their exact values.
   */
  @Test
  void unadjustedLangevinHasTheExactDiscretisationBiasAndMalaRemovesIt() {
    double h = 0.2;
    double[][] ula = run(false, h, 400, 12).samples().toDoubleMatrix();
    double[][] mala = run(true, h, 400, 12).samples().toDoubleMatrix();
    double[] mu = mean(ula);
    double[] muMala = mean(mala);
    for (int j = 0; j < 3; j++) {
      double biased = VAR[j] / (1 - h / (2 * VAR[j]));
      double se = Math.sqrt(2.0 / N) * biased;
      assertThat(covariance(ula, mu, j, j)).as("ULA variance %d", j)
          .isCloseTo(biased, org.assertj.core.data.Offset.offset(Z * se));
      assertThat(covariance(mala, muMala, j, j)).as("MALA variance %d", j)
          .isCloseTo(VAR[j], org.assertj.core.data.Offset.offset(Z * Math.sqrt(2.0 / N) * VAR[j]));
    }
  }

  @Test
  void sameSeedGivesTheSameSamples() {
    assertThat(run(true, 0.2, 50, 5).samples()).isEqualTo(run(true, 0.2, 50, 5).samples());
    assertThat(run(true, 0.2, 50, 5).samples()).isNotEqualTo(run(true, 0.2, 50, 6).samples());
  }

  @Test
  void reusesTheGradientTheFilterAlreadyComputed() {
    // one gradient at the start, then one per proposal
    assertThat(run(true, 0.2, 50, 5).functionEvaluations()).isEqualTo(51);
  }

  private static double[] mean(double[][] x) {
    double[] m = new double[x[0].length];
    for (double[] row : x) {
      for (int j = 0; j < m.length; j++) {
        m[j] += row[j] / x.length;
      }
    }
    return m;
  }

  private static double covariance(double[][] x, double[] m, int i, int j) {
    double s = 0;
    for (double[] row : x) {
      s += (row[i] - m[i]) * (row[j] - m[j]);
    }
    return s / (x.length - 1);
  }
}
