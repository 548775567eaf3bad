package io.driftkit.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class CoverageAndMomentsTest {

  private static final GaussianMixture FOUR = GaussianMixture.isotropic(new double[] {1, 1, 1, 1},
      new double[][] {{-5, -5}, {-5, 5}, {5, -5}, {5, 5}}, new double[] {0.3, 0.3, 0.3, 0.3});

  @Test
  void coverageByConstruction() {
    // all on one mode
    INDArray one = Rows.matrix(new double[] {5, 5, 5.1, 4.9, 4.8, 5.2}, 3, 2);
    ModeCoverage.Report r = ModeCoverage.evaluate(one, FOUR);
    assertThat(r.entropy()).isZero();
    assertThat(r.onMode()).isEqualTo(1.0);
    assertThat(r.counts()).containsExactly(0, 0, 0, 3);
    // half on each of two of four modes: entropy log 2 in base 4; a mode needs half of n w p = 0.495 samples
    INDArray two = Rows.matrix(new double[] {5, 5, -5, -5, 5.1, 5, -5, -4.9}, 4, 2);
    r = ModeCoverage.evaluate(two, FOUR);
    assertThat(r.entropy()).isCloseTo(0.5, within(1e-15));
    assertThat(r.covered()).isEqualTo(2);
    assertThat(ModeCoverage.modeFractions(two, FOUR)).containsExactly(new double[] {0.5, 0, 0, 0.5},
        within(1e-15));
    // a point between the modes, and one beyond the radius (3.03 standard deviations = 1.66) of its nearest mode,
    // are on no mode; the nearest-mode split still gives each a mode
    INDArray off = Rows.matrix(new double[] {0, 0, 5, 6.7, 5, 6.6, -5, -5}, 4, 2);
    r = ModeCoverage.evaluate(off, FOUR);
    assertThat(r.radius()).isCloseTo(Math.sqrt(-2 * Math.log(0.01)), within(1e-7));
    assertThat(r.onMode()).isEqualTo(0.5);
    assertThat(r.counts()).containsExactly(1, 0, 0, 1);
    assertThat(r.entropy()).isCloseTo(0.5, within(1e-15));
    assertThat(r.meanOffset2()).isNaN(); // no mode has 10 samples
  }

  /**
   * The radius is the chi-square quantile: in 2-d {@code r^2 = -2 ln(1 - p)}, in 1-d the normal quantile of
   * {@code (1 + p) / 2}; and the on-mode fraction of exact samples is the chi-square CDF at the radius (the modes
   * of FOUR are 18 standard deviations apart, so no overlap), within five binomial standard errors.
   */
  @Test
  void onModeFractionOfExactSamplesIsTheChiSquareCdf() {
    for (double p : new double[] {0.5, 0.9, 0.99}) {
      assertThat(ModeCoverage.radius(2, p)).isCloseTo(Math.sqrt(-2 * Math.log(1 - p)), within(1e-7));
      assertThat(ModeCoverage.radius(1, p)).isCloseTo(
          new org.apache.commons.math3.distribution.NormalDistribution().inverseCumulativeProbability((1 + p) / 2),
          within(1e-7));
    }
    int n = 20_000;
    INDArray s = FOUR.sample(n, new RandomSource(11));
    for (double r : new double[] {0.5, 1, 2, 3.03}) {
      double cdf = 1 - Math.exp(-r * r / 2);
      ModeCoverage.Report rep = ModeCoverage.evaluate(s, FOUR, r);
      assertThat(rep.onMode()).as("r = %s", r).isCloseTo(cdf, within(5 * Math.sqrt(cdf * (1 - cdf) / n)));
      assertThat(rep.expectedOnMode()).isCloseTo(cdf, within(1e-12));
      // every mode holds about a quarter of the on-mode samples: far more than half its expected mass
      assertThat(rep.covered()).isEqualTo(4);
    }
    // a correlated component: whitening by its Cholesky factor, not by the diagonal
    double[][][] cov = {{{1, 0.9}, {0.9, 1}}};
    GaussianMixture corr = GaussianMixture.of(new double[] {1}, new double[][] {{1, -2}}, cov);
    INDArray c = corr.sample(n, new RandomSource(13));
    double cdf = 1 - Math.exp(-2.0);
    assertThat(ModeCoverage.evaluate(c, corr, 2).onMode()).isCloseTo(cdf, within(5 * Math.sqrt(cdf * (1 - cdf) / n)));
    // the offset (1, 1) from the mean runs along the correlation: Mahalanobis^2 = [1 1] Sigma^-1 [1 1]^T
    // = (1 - 0.9 - 0.9 + 1) / (1 - 0.81) = 2 / 1.9, where the diagonal alone would give 2
    INDArray along = Rows.matrix(new double[] {2, -1}, 1, 2);
    assertThat(ModeCoverage.evaluate(along, corr, Math.sqrt(2 / 1.9) + 1e-9).onMode()).isEqualTo(1.0);
    assertThat(ModeCoverage.evaluate(along, corr, Math.sqrt(2 / 1.9) - 1e-9).onMode()).isZero();
    // the entropy of a single component is undefined
    assertThat(ModeCoverage.evaluate(c, corr).entropy()).isNaN();
  }

  /**
   * Exact samples: the whitened covariance of the on-mode samples is the truncated normal's c I with
   * c = F_4(r^2) / F_2(r^2) (E[|z|^2 ; |z| <= r] = d F_{d+2}(r^2)), so the covariance error is sampling noise
   * (about sqrt((d + 1) / n_k) = 0.017 for n_k = 10000), and the unbiased squared mean offset is 0 within its
   * noise (sd about sqrt(2 d) / n_k = 2e-4).
   * Samples 1.5 times too wide, cut at the same radius, have the whitened variance
   * 2.25 F_4(r^2 / 2.25) / F_2(r^2 / 2.25), computed here in closed form (F_2(x) = 1 - e^{-x/2},
   * F_4(x) = 1 - e^{-x/2} (1 + x/2)), which the error must reproduce.
   */
  @Test
  void covarianceAndMeanErrorsAgainstTheTruncatedNormal() {
    int n = 40_000;
    double r2 = -2 * Math.log(0.01);
    ModeCoverage.Report exact = ModeCoverage.evaluate(FOUR.sample(n, new RandomSource(14)), FOUR);
    assertThat(exact.covarianceError()).isLessThan(5 * Math.sqrt(3.0 / 9900));
    assertThat(exact.meanOffset2()).isBetween(-1e-3, 1e-3);
    GaussianMixture wide = GaussianMixture.isotropic(new double[] {1, 1, 1, 1},
        new double[][] {{-5, -5}, {-5, 5}, {5, -5}, {5, 5}}, new double[] {0.3 * 2.25, 0.3 * 2.25, 0.3 * 2.25,
            0.3 * 2.25});
    ModeCoverage.Report w = ModeCoverage.evaluate(wide.sample(n, new RandomSource(15)), FOUR);
    double c = f4(r2) / f2(r2);
    double x = r2 / 2.25;
    double variance = 2.25 * f4(x) / f2(x);
    // each diagonal entry of C / c - I is variance / c - 1, the off-diagonal ones 0: |.|_F / sqrt(2) = |v / c - 1|
    double expected = variance / c - 1;
    assertThat(w.covarianceError()).isCloseTo(expected, within(0.05));
    assertThat(expected).isGreaterThan(0.3);
    assertThat(w.onMode()).isCloseTo(f2(x), within(5 * Math.sqrt(f2(x) * (1 - f2(x)) / n)));
    // every sample at a mean: zero covariance, error exactly 1
    double[] atMeans = new double[2 * 40];
    for (int i = 0; i < 40; i++) {
      atMeans[2 * i] = i % 2 == 0 ? 5 : -5;
      atMeans[2 * i + 1] = 5;
    }
    ModeCoverage.Report collapsed = ModeCoverage.evaluate(Rows.matrix(atMeans, 40, 2), FOUR);
    assertThat(collapsed.covarianceError()).isCloseTo(1, within(1e-12));
    assertThat(collapsed.meanOffset2()).isZero();
    // one mode moved by half a standard deviation along x0: the mean of N((0.5, 0), I) cut at radius r is 0.47280
    // (2-d quadrature, scipy dblquad), so the squared offset is 0.22354; the estimate's sd is about
    // 2 |m| / sqrt(n_k) = 0.0095 for the 10000 samples of that mode
    double[] moved = Rows.values(FOUR.sample(n, new RandomSource(16)));
    double sd = Math.sqrt(0.3);
    for (int i = 0; i < n; i++) {
      if (moved[2 * i] > 0 && moved[2 * i + 1] > 0) {
        moved[2 * i] += 0.5 * sd;
      }
    }
    ModeCoverage.Report shifted = ModeCoverage.evaluate(Rows.matrix(moved, n, 2), FOUR);
    assertThat(shifted.meanOffset2()).isCloseTo(0.22354, within(5 * 0.01));
    assertThat(collapsed.covered()).isEqualTo(2);
  }

  private static double f2(double x) {
    return 1 - Math.exp(-x / 2);
  }

  private static double f4(double x) {
    return 1 - Math.exp(-x / 2) * (1 + x / 2);
  }

  @Test
  void momentsByHandAndAgainstTheMixture() {
    INDArray x = Rows.matrix(new double[] {1, 2, 3, -4}, 2, 2);
    assertThat(Moments.meanOfSum(x)).isEqualTo(1.0);
    assertThat(Moments.meanOfSumOfSquares(x)).isEqualTo(15.0);
    GaussianMixture shifted = GaussianMixture.isotropic(new double[] {1, 3}, new double[][] {{1, 2}, {-1, 0}},
        new double[] {0.5, 2});
    // E[sum x] = 1/4 * 3 + 3/4 * (-1) = 0; E[sum x^2] = 1/4 (1 + 4 + 1) + 3/4 (4 + 1) = 5.25
    assertThat(Moments.meanOfSum(shifted)).isCloseTo(0, within(1e-15));
    assertThat(Moments.meanOfSumOfSquares(shifted)).isCloseTo(5.25, within(1e-14));
    int n = 50_000;
    INDArray s = shifted.sample(n, new RandomSource(12));
    double[] v = Rows.values(s);
    double[] sums = new double[n];
    double[] squares = new double[n];
    for (int i = 0; i < n; i++) {
      sums[i] = v[2 * i] + v[2 * i + 1];
      squares[i] = v[2 * i] * v[2 * i] + v[2 * i + 1] * v[2 * i + 1];
    }
    // five standard errors of the row statistics
    assertThat(Moments.sumError(s, 0)).isLessThan(5 * LogZTest.sd(sums) / Math.sqrt(n));
    assertThat(Moments.sumOfSquaresError(s, 5.25)).isLessThan(5 * LogZTest.sd(squares) / Math.sqrt(n));
  }
}
