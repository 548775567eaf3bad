package io.driftkit.sde.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Prior;
import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class TanhDriftProcessTest {

  static final TanhDriftProcess PROCESS = new TanhDriftProcess(1.5, 2.0, 4);

  static double logPrior(Prior prior, double x) {
    return prior.logDensity(Rows.matrix(new double[] {x}, 1, 1)).getDouble(0);
  }

  /**
   * The prior is the stationary law: the Fokker–Planck flux {@code f p - (s^2/2) p'} vanishes, i.e.
   * {@code f = (s^2/2) d log p / dx}, checked by central differences of the prior's log density (step 1e-5,
   * truncation 1e-10); and it integrates to 1 (trapezoid on [-80, 80], whose tails hold e^-80 of the mass).
   */
  @Test
  void priorIsTheNormalisedStationaryLaw() {
    Prior prior = PROCESS.prior(1);
    for (double x : new double[] {-7, -1.3, 0, 0.4, 2.2, 9}) {
      double score = (logPrior(prior, x + 1e-5) - logPrior(prior, x - 1e-5)) / 2e-5;
      double drift = PROCESS.drift(Rows.matrix(new double[] {x}, 1, 1), 0).getDouble(0);
      assertThat(drift).isCloseTo(0.5 * 1.5 * 1.5 * score, within(1e-8));
    }
    int nodes = 160_001;
    double h = 160.0 / (nodes - 1);
    double[] grid = new double[nodes];
    for (int i = 0; i < nodes; i++) {
      grid[i] = -80 + i * h;
    }
    double[] logp = Rows.values(prior.logDensity(Rows.matrix(grid, nodes, 1)));
    double mass = 0;
    for (int i = 0; i < nodes; i++) {
      mass += Math.exp(logp[i]) * h * (i == 0 || i == nodes - 1 ? 0.5 : 1);
    }
    assertThat(mass).isCloseTo(1, within(1e-6));
  }

  /**
   * Exact prior samples: the empirical distribution function of 20 000 draws stays within the Kolmogorov–Smirnov band
   * 1.63 / sqrt(n) (the 1 % level) of the logistic CDF 1 / (1 + e^(-2x/w)).
   */
  @Test
  void priorSamplesFollowTheLogisticLaw() {
    int n = 20_000;
    INDArray x = PROCESS.prior(2).sample(n / 2, new RandomSource(5));
    double[] v = Rows.values(x);
    Arrays.sort(v);
    double worst = 0;
    for (int i = 0; i < v.length; i++) {
      double cdf = 1 / (1 + Math.exp(-2 * v[i] / 2.0));
      worst = Math.max(worst, Math.max(Math.abs(cdf - (double) i / n), Math.abs(cdf - (i + 1.0) / n)));
    }
    assertThat(worst).isLessThan(1.63 / Math.sqrt(n));
    assertThat(PROCESS.linear()).isEmpty();
  }

  /** The drift's divergence against central differences of the drift, coordinate by coordinate, in float64. */
  @org.junit.jupiter.api.Test
  void driftDivergenceMatchesCentralDifferences() {
    double[] x = {-2.3, 0.1, 0.9, 4.0, -0.4, 1.7};
    org.nd4j.linalg.api.ndarray.INDArray points = Rows.matrix(x, 2, 3);
    double[] div = Rows.values(PROCESS.driftDivergence().orElseThrow().at(points, 0.3));
    double h = 1e-5;
    for (int r = 0; r < 2; r++) {
      double expected = 0;
      for (int j = 0; j < 3; j++) {
        double[] plus = x.clone();
        double[] minus = x.clone();
        plus[3 * r + j] += h;
        minus[3 * r + j] -= h;
        double fp = Rows.values(PROCESS.drift(Rows.matrix(plus, 2, 3), 0.3))[3 * r + j];
        double fm = Rows.values(PROCESS.drift(Rows.matrix(minus, 2, 3), 0.3))[3 * r + j];
        expected += (fp - fm) / (2 * h);
      }
      assertThat(div[r]).isCloseTo(expected, within(1e-8));
    }
  }
}
